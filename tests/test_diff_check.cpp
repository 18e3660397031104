// diff: one test per difference kind; check: one per problem (issue #6).
#include <gtest/gtest.h>

#include <fmt/format.h>

#include "nodesconf/analyze.h"
#include "nodesconf/cluster_check.h"
#include "nodesconf/diff.h"
#include "test_ids.h"

using namespace nodesconf;
using namespace nodesconf::test_ids;

namespace {

struct Files {
    // A three-node view, written from `me`'s side; `edit` rewrites the text first.
    static std::string text(const std::string& me, const std::string& a_slots = "0-8000",
                            const std::string& b_slots = "8001-16383",
                            const std::string& r_line = "") {
        auto flags = [&](const std::string& id, const char* role) {
            return (id == me ? "myself," : "") + std::string(role);
        };
        return fmt::format("{} 127.0.0.1:7000@17000 {} - 0 0 1 connected {}\n", A,
                           flags(A, "master"), a_slots) +
               fmt::format("{} 127.0.0.1:7001@17001 {} - 0 0 2 connected {}\n", B,
                           flags(B, "master"), b_slots) +
               (r_line.empty() ? fmt::format("{} 127.0.0.1:7003@17003 {} {} 0 0 1 connected\n", R,
                                             flags(R, "slave"), A)
                               : r_line) +
               "vars currentEpoch 2 lastVoteEpoch 0\n";
    }
};

const Dialect& d70() {
    static const Dialect d = *find_dialect("redis-7.0");
    return d;
}

std::vector<Change> diff(const std::string& x, const std::string& y, bool all = false) {
    const Config a = analyze(x, d70()).result.config, b = analyze(y, d70()).result.config;
    return diff_configs({&a, &d70(), false}, {&b, &d70(), false}, {all});
}

bool has_kind(const std::vector<Change>& changes, ChangeKind kind, const std::string& what = "") {
    for (const Change& c : changes)
        if (c.kind == kind && (what.empty() || c.describe().find(what) != std::string::npos))
            return true;
    return false;
}

std::string replace(std::string text, const std::string& from, const std::string& to) {
    const auto at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    return text.replace(at, from.size(), to);
}
}  // namespace

TEST(Diff, LineOrderPingPongAndLinkAreNotDifferences) {
    const std::string a = Files::text(A);
    std::string b = a.substr(a.find('\n') + 1);
    b.insert(b.find("vars"), a.substr(0, a.find('\n') + 1));  // line 1 moved down
    b = replace(b, B + " 127.0.0.1:7001@17001 master - 0 0 2 connected",
                B + " 127.0.0.1:7001@17001 master - 5 9 2 disconnected");
    EXPECT_TRUE(diff(a, b).empty());
    EXPECT_TRUE(has_kind(diff(a, b, true), ChangeKind::ping_pong));
    EXPECT_TRUE(has_kind(diff(a, b, true), ChangeKind::link_state));
}

TEST(Diff, EachKind) {
    const std::string a = Files::text(A);
    EXPECT_TRUE(has_kind(diff(a, replace(a, "127.0.0.1:7001@17001", "10.0.0.1:7001@17001")),
                         ChangeKind::address,
                         "6b8f9440 address: 127.0.0.1:7001@17001 -> 10.0.0.1:7001@17001"));
    EXPECT_TRUE(has_kind(diff(a, replace(a, "127.0.0.1:7001@17001", "127.0.0.1:7001@17001,h1")),
                         ChangeKind::hostname));
    EXPECT_TRUE(has_kind(diff(a, replace(a, B + " 127.0.0.1:7001@17001 master",
                                         B + " 127.0.0.1:7001@17001 master,fail")),
                         ChangeKind::flags, "flags: (none) -> fail"));
    EXPECT_TRUE(has_kind(diff(a, replace(a, " 0 0 2 connected", " 0 0 5 connected")),
                         ChangeKind::config_epoch, "configEpoch: 2 -> 5"));
    EXPECT_TRUE(has_kind(diff(a, Files::text(A, "0-7999", "8000-16383")), ChangeKind::slots,
                         "slot 8000: 6a3a879d -> 6b8f9440"));
    EXPECT_TRUE(has_kind(diff(a, Files::text(A, "0-8000 [5->-" + B + "]")), ChangeKind::open_slot,
                         "slot 5 migrating to"));
    EXPECT_TRUE(has_kind(diff(a, replace(a, "currentEpoch 2", "currentEpoch 7")), ChangeKind::vars,
                         "currentEpoch: 2 -> 7"));
    const std::string promoted =
        Files::text(A, "0-8000", "8001-16383",
                    fmt::format("{} 127.0.0.1:7003@17003 master - 0 0 3 connected\n", R));
    EXPECT_TRUE(has_kind(diff(a, promoted), ChangeKind::role, "685beaa9 role: replica -> master"));
    EXPECT_TRUE(
        has_kind(diff(a, promoted), ChangeKind::master, "685beaa9 master: 6a3a879d -> (none)"));
    const std::string without_r =
        replace(a, a.substr(a.find(R), a.find('\n', a.find(R)) - a.find(R) + 1), "");
    EXPECT_TRUE(has_kind(diff(a, without_r), ChangeKind::node_removed, "node 685beaa9 removed"));
    EXPECT_TRUE(has_kind(diff(without_r, a), ChangeKind::node_added,
                         "node 685beaa9 added: 127.0.0.1:7003@17003 replica"));
}

TEST(Diff, AuxComparedBetweenFilesNotAgainstALiveReply) {
    const Dialect d = *find_dialect("redis-7.4");
    const std::string x =
        A + " :7000@17000,,shard-id=" + B +
        " myself,master - 0 0 1 connected 0-16383\nvars currentEpoch 1 lastVoteEpoch 0\n";
    const std::string y =
        A + " :7000@17000,,shard-id=" + C +
        " myself,master - 0 0 1 connected 0-16383\nvars currentEpoch 1 lastVoteEpoch 0\n";
    const Config a = analyze(x, d).result.config, b = analyze(y, d).result.config;
    EXPECT_TRUE(
        has_kind(diff_configs({&a, &d, false}, {&b, &d, false}), ChangeKind::aux, "aux shard-id"));
    EXPECT_TRUE(diff_configs({&a, &d, false}, {&b, &d, true}).empty());
}

namespace {
ClusterReport check(const std::vector<std::string>& texts) {
    static std::vector<Config> configs;
    configs.clear();
    configs.reserve(texts.size());
    for (const std::string& t : texts) configs.push_back(analyze(t, d70()).result.config);
    std::vector<ClusterFile> files;
    for (std::size_t i = 0; i < configs.size(); ++i)
        files.push_back({fmt::format("f{}", i), &configs[i], &d70()});
    return check_cluster(files);
}
bool has_problem(const ClusterReport& r, const std::string& code) {
    for (const ClusterProblem& p : r.problems)
        if (p.code == code) return true;
    return false;
}
}  // namespace

TEST(Check, ConsistentCluster) {
    const ClusterReport r = check({Files::text(A), Files::text(B), Files::text(R)});
    EXPECT_TRUE(r.consistent());
    EXPECT_EQ(r.masters, 2u);
    EXPECT_EQ(r.replicas, 1u);
}

TEST(Check, SlotsDisagreeWithPerSlotViewsAndConvergence) {
    const ClusterReport r =
        check({Files::text(A), Files::text(B, "0-7999", "8000-16383"), Files::text(R)});
    EXPECT_FALSE(r.slots_agree);
    EXPECT_TRUE(has_problem(r, "slots-disagree"));
    ASSERT_EQ(r.disagreements.size(), 1u);
    EXPECT_EQ(r.disagreements[0].range, (SlotRange{8000, 8000}));
    EXPECT_EQ(r.disagreements[0].converges_to, B);  // configEpoch 2 beats 1
}

TEST(Check, OpenSlotsOnMastersOwnLines) {
    const ClusterReport r =
        check({Files::text(A, "0-8000 [5->-" + B + "]"), Files::text(B), Files::text(R)});
    EXPECT_EQ(r.open_slots, std::vector<int>{5});
    EXPECT_TRUE(has_problem(r, "open-slots"));
}

TEST(Check, CoverageFromMastersOwnFiles) {
    const ClusterReport r =
        check({Files::text(A, "0-7999"), Files::text(B, "0-7999"), Files::text(R, "0-7999")});
    EXPECT_TRUE(r.uncovered[8000]);
    EXPECT_EQ(r.uncovered.count(), 1u);
    EXPECT_TRUE(has_problem(r, "slots-uncovered"));
}

TEST(Check, BeyondRedisCli) {
    // B's own file knows nothing of R; R's file sees B elsewhere; A's file calls R a master.
    const std::string b_view =
        replace(Files::text(B), R, "0aeaffca928ea24abb59034636c008d3f1e198b4");
    const std::string r_view =
        replace(Files::text(R), "127.0.0.1:7001@17001", "127.0.0.1:7999@17999");
    const std::string a_view =
        Files::text(A, "0-8000", "8001-16383",
                    fmt::format("{} 127.0.0.1:7003@17003 master - 0 0 3 connected\n", R));
    const ClusterReport r = check({a_view, b_view, r_view});
    EXPECT_TRUE(has_problem(r, "myself-unknown"));
    EXPECT_TRUE(has_problem(r, "address-disagree"));
    EXPECT_TRUE(has_problem(r, "role-disagree"));
    EXPECT_TRUE(has_problem(r, "node-partially-known"));
    EXPECT_FALSE(r.consistent());
}

TEST(Check, DuplicatesAndSameNodeFiles) {
    const ClusterReport same = check({Files::text(A), Files::text(A)});
    EXPECT_TRUE(has_problem(same, "same-node-files"));
    const std::string twin =
        replace(Files::text(B), "127.0.0.1:7001@17001", "127.0.0.1:7000@17000");
    EXPECT_TRUE(has_problem(check({twin}), "duplicate-address"));
    const std::string epoch = replace(Files::text(B), " 0 0 2 connected", " 0 0 1 connected");
    EXPECT_TRUE(has_problem(check({Files::text(A), epoch}), "duplicate-epoch"));
}

TEST(Check, ReplicaMasterDisagreement) {
    const std::string other = replace(Files::text(A), "slave " + A, "slave " + B);
    EXPECT_TRUE(has_problem(check({other, Files::text(R)}), "master-disagree"));
}

TEST(Check, MissingFileOfAnOwner) {
    const ClusterReport r = check({Files::text(A), Files::text(R)});
    EXPECT_TRUE(has_problem(r, "file-missing"));
    EXPECT_TRUE(r.uncovered.none());  // B's slots counted from the others' views
}
