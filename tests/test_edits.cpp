// Pure edits on models: slot surgery (issue #4).
#include <gtest/gtest.h>

#include "nodesconf/analyze.h"
#include "nodesconf/edit_slots.h"

using namespace nodesconf;

namespace {
const std::string A = "6a3a879d013b1a9093ae811390b2618594e450d6";
const std::string B = "6b8f94403108d991a6f2f17966842c4f67ca9ea1";
const std::string C = "d26c6faae867cb5300513f31153a99792645f555";
const std::string R = "685beaa9111dc9aabe8a12ba438997c573c4c02f";

Config cluster() {
    const std::string text = A + " 127.0.0.1:7000@17000 myself,master - 0 0 1 connected 0-5460\n" +
                             B + " 127.0.0.1:7001@17001 master - 0 0 2 connected 5461-10922\n" + C +
                             " 127.0.0.1:7002@17002 master - 0 0 3 connected 10923-16383\n" + R +
                             " 127.0.0.1:7003@17003 slave " + A + " 0 0 1 connected\n" +
                             "vars currentEpoch 3 lastVoteEpoch 0\n";
    return analyze(text, *find_dialect("redis-7.0")).result.config;
}
SlotSet slots(const char* text) {
    return *parse_ranges(text);
}
std::optional<std::string> apply(Config& c, std::vector<SlotOp> ops, bool several = false) {
    SlotEditResult r;
    return apply_slot_ops(c, ops, several, r);
}
}  // namespace

TEST(SlotEdits, MoveTakesFromTheOwnerAndClosesTheMigration) {
    Config c = cluster();
    c.migrating_to[100] = 1;
    SlotEditResult r;
    ASSERT_FALSE(
        apply_slot_ops(c, {{SlotOp::move, slots("0-200"), "127.0.0.1:7001", ""}}, false, r));
    EXPECT_EQ(c.slot_owner[0], 1);
    EXPECT_EQ(c.slot_owner[200], 1);
    EXPECT_EQ(c.slot_owner[201], 0);
    EXPECT_EQ(c.migrating_to[100], kNoNode);
    ASSERT_EQ(r.new_owners.size(), 1u);
    give_new_epochs(c, r.new_owners, 3, r.messages);
    EXPECT_EQ(c.nodes[1].config_epoch, 4u);
    EXPECT_EQ(c.vars.current_epoch, 4u);
}

TEST(SlotEdits, AssignRefusesOwnedSlotsNamingTheOwner) {
    Config c = cluster();
    const auto error = apply(c, {{SlotOp::assign, slots("5460-5461"), "6b8f", ""}});
    ASSERT_TRUE(error);
    EXPECT_NE(error->find("slot 5460 is owned by 6a3a879d"), std::string::npos) << *error;
    EXPECT_NE(error->find("--move"), std::string::npos);
}

TEST(SlotEdits, AssignAfterUnassign) {
    Config c = cluster();
    ASSERT_FALSE(apply(
        c, {{SlotOp::unassign, slots("0-10"), "", ""}, {SlotOp::assign, slots("0-10"), C, ""}}));
    EXPECT_EQ(c.slot_owner[5], 2);
}

TEST(SlotEdits, AllOrNothingOnACopy) {
    const Config original = cluster();
    Config c = original;
    // The second operation fails: the caller throws the copy away.
    EXPECT_TRUE(
        apply(c, {{SlotOp::move, slots("0-10"), B, ""}, {SlotOp::move, slots("20"), R, ""}}));
}

TEST(SlotEdits, ReplicasAndUnknownNodesAreRefused) {
    Config c = cluster();
    auto error = apply(c, {{SlotOp::move, slots("1"), R, ""}});
    ASSERT_TRUE(error);
    EXPECT_NE(error->find("is a replica"), std::string::npos);
    error = apply(c, {{SlotOp::move, slots("1"), "10.9.9.9:1", ""}});
    ASSERT_TRUE(error);
    EXPECT_NE(error->find("no node matches"), std::string::npos);
}

TEST(SlotEdits, MigratingFollowsSetslotRules) {
    Config c = cluster();
    ASSERT_FALSE(apply(c, {{SlotOp::migrating, slots("7"), B, ""}}));
    EXPECT_EQ(c.migrating_to[7], 1);
    auto error = apply(c, {{SlotOp::migrating, slots("6000"), C, ""}});  // owned by B, not myself
    ASSERT_TRUE(error);
    EXPECT_NE(error->find("I'm not the owner of hash slot 6000"), std::string::npos) << *error;
}

TEST(SlotEdits, ImportingFollowsSetslotRules) {
    Config c = cluster();
    ASSERT_FALSE(apply(c, {{SlotOp::importing, slots("6000"), B, ""}}));
    EXPECT_EQ(c.importing_from[6000], 1);
    auto error = apply(c, {{SlotOp::importing, slots("7"), B, ""}});
    ASSERT_TRUE(error);
    EXPECT_NE(error->find("I'm already the owner"), std::string::npos) << *error;
}

TEST(SlotEdits, SeveralFilesNeedExplicitNodes) {
    Config c = cluster();
    auto error = apply(c, {{SlotOp::move, slots("1"), "myself", ""}}, true);
    ASSERT_TRUE(error);
    EXPECT_NE(error->find("different node in each file"), std::string::npos);
    error = apply(c, {{SlotOp::importing, slots("6000"), B, ""}}, true);
    ASSERT_TRUE(error);
    EXPECT_NE(error->find("--on NODE"), std::string::npos);
    // Importing by another node: nothing to write in this file.
    ASSERT_FALSE(apply(c, {{SlotOp::importing, slots("6000"), B, C}}, true));
    EXPECT_EQ(c.importing_from[6000], kNoNode);
}

TEST(SlotEdits, StableAndClearOpen) {
    Config c = cluster();
    c.migrating_to[1] = 1;
    c.importing_from[6000] = 1;
    ASSERT_FALSE(apply(c, {{SlotOp::stable, slots("1"), "", ""}}));
    EXPECT_EQ(c.migrating_to[1], kNoNode);
    EXPECT_EQ(c.importing_from[6000], 1);
    ASSERT_FALSE(apply(c, {{SlotOp::clear_open, {}, "", ""}}));
    EXPECT_EQ(c.importing_from[6000], kNoNode);
}

TEST(SlotRanges, ParseAndFormat) {
    EXPECT_EQ(format_ranges(slots("0-100,200,16000-16383")), "0-100,200,16000-16383");
    std::string error;
    EXPECT_FALSE(parse_ranges("5-3", &error));
    EXPECT_FALSE(parse_ranges("16384", &error));
    EXPECT_FALSE(parse_ranges("a", &error));
    EXPECT_FALSE(parse_ranges("1,,2", &error));
}
