// Pure edits on models: slot surgery (issue #4).
#include <gtest/gtest.h>

#include "nodesconf/analyze.h"
#include "nodesconf/edit_slots.h"
#include "test_ids.h"

using namespace nodesconf;
using namespace nodesconf::test_ids;

namespace {

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

// ---- remap, forget, fix-shard-ids (issue #5) ---------------------------------------------
#include "nodesconf/edit_nodes.h"
#include "nodesconf/write.h"

namespace {
std::vector<RemapEntry> entries(std::initializer_list<const char*> texts) {
    std::vector<RemapEntry> out;
    for (const char* t : texts) {
        std::string error;
        auto e = parse_remap_entry(t, error);
        EXPECT_TRUE(e) << t << ": " << error;
        if (e) out.push_back(*e);
    }
    return out;
}
std::optional<std::string> remap(Config& c, std::vector<RemapEntry> e) {
    std::vector<bool> used;
    std::vector<std::string> messages;
    return remap_addresses(c, e, std::nullopt, used, messages);
}
Config ten_nodes() {
    // 10.0.0.2 and 10.0.0.22: the substring trap of sed.
    const std::string text = A + " 10.0.0.2:7000@17000 myself,master - 0 0 1 connected 0-8000\n" +
                             B + " 10.0.0.22:7000@17000 master - 0 0 2 connected 8001-16383\n" + C +
                             " [::1]:7000@17000 slave " + A + " 0 0 1 connected\n" +
                             "vars currentEpoch 2 lastVoteEpoch 0\n";
    std::string fixed = text;
    fixed.replace(fixed.find("[::1]"), 5, "::1");
    return analyze(fixed, *find_dialect("redis-7.0")).result.config;
}
}  // namespace

TEST(Remap, MatchesWholeFieldsNeverSubstrings) {
    Config c = ten_nodes();
    ASSERT_FALSE(remap(c, entries({"10.0.0.2=10.1.1.2"})));
    EXPECT_EQ(c.nodes[0].ip, "10.1.1.2");
    EXPECT_EQ(c.nodes[1].ip, "10.0.0.22");
}

TEST(Remap, SwapsAndChainsHappenAtOnce) {
    Config c = ten_nodes();
    ASSERT_FALSE(remap(c, entries({"10.0.0.2=10.0.0.22", "10.0.0.22=10.0.0.2"})));
    EXPECT_EQ(c.nodes[0].ip, "10.0.0.22");
    EXPECT_EQ(c.nodes[1].ip, "10.0.0.2");
    Config d = ten_nodes();
    ASSERT_FALSE(remap(d, entries({"10.0.0.2=10.0.0.3", "10.0.0.22=10.0.0.2"})));  // a chain
    EXPECT_EQ(d.nodes[0].ip, "10.0.0.3");
    EXPECT_EQ(d.nodes[1].ip, "10.0.0.2");
}

TEST(Remap, BusPortFollowsThePortUnlessMapped) {
    Config c = ten_nodes();
    ASSERT_FALSE(
        remap(c, entries({"10.0.0.2:7000=10.0.0.9:7100", "10.0.0.22=10.0.0.8:6000@26000"})));
    EXPECT_EQ(c.nodes[0].port, 7100);
    EXPECT_EQ(c.nodes[0].cport, 17100);
    EXPECT_EQ(c.nodes[1].port, 6000);
    EXPECT_EQ(c.nodes[1].cport, 26000);
}

TEST(Remap, Ipv6BothWays) {
    Config c = ten_nodes();
    // The second entry sees the old addresses only: it matches nothing, so no chain through it.
    ASSERT_FALSE(remap(c, entries({"::1=fe80::5", "[fe80::5]:7000=::2"})));
    EXPECT_EQ(c.nodes[2].ip, "fe80::5");
    Config d = ten_nodes();
    ASSERT_FALSE(remap(d, entries({"[::1]:7000=[fd00::7]:7001"})));
    EXPECT_EQ(d.nodes[2].ip, "fd00::7");
    EXPECT_EQ(d.nodes[2].port, 7001);
    EXPECT_NE(write_config(d, *find_dialect("redis-7.0")).find(C + " fd00::7:7001@17001 slave"),
              std::string::npos);
}

TEST(Remap, Refusals) {
    std::string error;
    EXPECT_FALSE(parse_remap_entry("10.0.0.2=${POD_IP}", error));
    EXPECT_NE(error.find("unexpanded shell variable"), std::string::npos) << error;
    EXPECT_FALSE(parse_remap_entry("10.0.0.2=", error));
    EXPECT_NE(error.find("empty address"), std::string::npos) << error;
    EXPECT_FALSE(parse_remap_entry("10.0.0.2=redis-0.example", error));
    EXPECT_NE(error.find("not an IPv4 or IPv6 address"), std::string::npos) << error;
    EXPECT_FALSE(parse_remap_entry("10.0.0.2:99999=10.0.0.3", error));
    Config c = ten_nodes();
    auto refusal = remap(c, entries({"10.0.0.2=10.0.0.22"}));  // both at 10.0.0.22:7000
    ASSERT_TRUE(refusal);
    EXPECT_NE(refusal->find("would both be at 10.0.0.22:7000"), std::string::npos) << *refusal;
    refusal = remap(c, entries({"10.0.0.2=10.0.0.5", "10.0.0.2:7000=10.0.0.6"}));
    ASSERT_TRUE(refusal);
    EXPECT_NE(refusal->find("matches both"), std::string::npos);
    std::vector<bool> used;
    std::vector<std::string> messages;
    ASSERT_FALSE(remap_addresses(c, entries({"10.9.9.9=10.0.0.5"}), std::nullopt, used, messages));
    EXPECT_FALSE(used[0]);  // the caller refuses unmatched entries
}

TEST(Remap, MapFileWithCommentsAndLineNumbers) {
    std::string error;
    auto list =
        parse_remap_file("# pods\n10.0.0.2 10.1.0.2\n\n10.0.0.22   10.1.0.22  # second\n", error);
    ASSERT_TRUE(list) << error;
    EXPECT_EQ(list->size(), 2u);
    EXPECT_FALSE(parse_remap_file("10.0.0.2 10.1.0.2\n10.0.0.3\n", error));
    EXPECT_EQ(error, "line 2: expected 'OLD NEW'");
}

TEST(Forget, RefusesSlotOwnersAndMyselfAndReplicasWithoutForce) {
    Config c = cluster();
    std::vector<std::string> messages;
    auto refusal = forget_node(c, 1, false, messages);  // owns slots
    ASSERT_TRUE(refusal);
    EXPECT_NE(refusal->find("owns slots 5461-10922"), std::string::npos);
    refusal = forget_node(c, 0, false, messages);  // myself
    ASSERT_TRUE(refusal);
    c.slot_owner.fill(1);  // B owns everything, A nothing
    c.nodes[0].flags &= static_cast<std::uint16_t>(~kMyself);
    c.nodes[1].flags |= kMyself;
    refusal = forget_node(c, 0, false, messages);  // has replica R
    ASSERT_TRUE(refusal);
    EXPECT_NE(refusal->find("has replicas 685beaa9"), std::string::npos) << *refusal;
}

TEST(Forget, RemovesANodeAndEveryReferenceToIt) {
    Config c = cluster();
    std::vector<std::string> messages;
    ASSERT_FALSE(forget_node(c, 3, false, messages));  // the replica
    EXPECT_EQ(c.nodes.size(), 3u);
    EXPECT_EQ(c.find(NodeId::from_text(R)), kNoNode);
    EXPECT_EQ(c.slot_owner[0], 0);
}

TEST(ShardIds, ReplicasTakeTheirMastersAndStripRemoves) {
    const std::string S1 = "5213e3365a77ee664e78e31542e8d4ef329c63bc",
                      S2 = "d2a7384818480c8f8f206bc5827a31fd40ed4402";
    const std::string text = A + " 127.0.0.1:7000@17000,,tls-port=0,shard-id=" + S1 +
                             " myself,master - 0 0 1 connected 0-16383\n" + R +
                             " 127.0.0.1:7003@17003,,tls-port=0,shard-id=" + S2 + " slave " + A +
                             " 0 0 1 connected\n" + "vars currentEpoch 1 lastVoteEpoch 0\n";
    const auto d = *find_dialect("redis-7.2");
    ASSERT_TRUE(analyze(text, d).result.has_errors());  // 7.2 refuses this file
    Config c = analyze(text, d).result.config;
    std::vector<std::string> messages;
    fix_shard_ids(c, messages);
    ASSERT_EQ(messages.size(), 1u);
    EXPECT_FALSE(analyze(write_config(c, d), d).result.has_errors());
    strip_aux(c, "shard-id", messages);
    const std::string stripped = write_config(c, d);
    EXPECT_EQ(stripped.find("shard-id"), std::string::npos) << stripped;
    EXPECT_FALSE(analyze(stripped, d).result.has_errors());
}
