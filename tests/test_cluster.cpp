// End to end against a live redis-server 7.0.15 cluster (issues #4, #5, #6).
#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <sstream>
#include <thread>

#include <fmt/format.h>

#include "cluster_support.h"
#include "nodesconf/analyze.h"
#include "nodesconf/diff.h"
#include "test_support.h"

using namespace nodesconf;
using namespace nodesconf::test;
namespace fs = std::filesystem;

namespace {

class LiveClusterTest : public ::testing::Test {
  protected:
    void SetUp() override {
        if (run({"sh", "-c", "command -v redis-server && command -v redis-cli"}).exit_code != 0)
            GTEST_FAIL() << "redis-server/redis-cli not found: install the redis-server package";
        dir_ = make_temp_dir("cluster");
    }
    void TearDown() override {
        if (std::getenv("NODESCONF_KEEP_TEST_DIR"))
            std::printf("kept %s\n", dir_.c_str());
        else
            fs::remove_all(dir_);
    }
    std::string dir_;
};

struct Verdict {
    bool ours_ok, cli_ok;
    std::string ours, cli;
};

Verdict compare_with_redis_cli(const LiveCluster& cluster) {
    cluster.save_all();
    std::vector<std::string> args = {"check", "--format", "json"};
    for (const std::string& p : cluster.conf_paths()) args.push_back(p);
    const RunResult ours = run_nodesconf(args);
    const std::string cli = cluster.cli_check();
    return {ours.exit_code == 0, cli.rfind("0\n", 0) == 0, ours.out + ours.err, cli};
}

}  // namespace

TEST_F(LiveClusterTest, CheckGivesTheSameVerdictAsRedisCli) {
    LiveCluster cluster(dir_);
    cluster.create();

    // Healthy.
    Verdict v = compare_with_redis_cli(cluster);
    EXPECT_TRUE(v.ours_ok) << v.ours.substr(v.ours.find("\"problems\""));
    EXPECT_TRUE(v.cli_ok) << v.cli;
    EXPECT_NE(v.ours.find("\"consistent\":true"), std::string::npos) << v.ours;

    // An open slot.
    const std::size_t owner = cluster.owner_of(100);
    std::size_t other = 0;
    while (other == owner || !cluster.is_master(other)) ++other;
    ASSERT_EQ(
        cluster.node(owner).cli({"CLUSTER", "SETSLOT", "100", "MIGRATING", cluster.id(other)}),
        "OK\n");
    v = compare_with_redis_cli(cluster);
    EXPECT_FALSE(v.ours_ok);
    EXPECT_FALSE(v.cli_ok) << v.cli;
    EXPECT_NE(v.cli.find("The following slots are open: 100"), std::string::npos) << v.cli;
    EXPECT_NE(v.ours.find("\"open_slots\":[100]"), std::string::npos) << v.ours;
    ASSERT_EQ(cluster.node(owner).cli({"CLUSTER", "SETSLOT", "100", "STABLE"}), "OK\n");
    ASSERT_TRUE(cluster.wait_ok());

    // An uncovered slot.
    const std::size_t owner200 = cluster.owner_of(200);
    ASSERT_EQ(cluster.node(owner200).cli({"CLUSTER", "DELSLOTS", "200"}), "OK\n");
    v = compare_with_redis_cli(cluster);
    EXPECT_FALSE(v.ours_ok);
    EXPECT_FALSE(v.cli_ok) << v.cli;
    EXPECT_NE(v.cli.find("Not all 16384 slots are covered"), std::string::npos) << v.cli;
    EXPECT_NE(v.ours.find("\"uncovered\":[[200,200]]"), std::string::npos) << v.ours;
    ASSERT_EQ(cluster.node(owner200).cli({"CLUSTER", "ADDSLOTS", "200"}), "OK\n");
    ASSERT_TRUE(cluster.wait_ok());

    // Nodes that disagree: the owner of slot 300 is told (CLUSTER SETSLOT ... NODE, on it only)
    // that another master has it. It stops claiming the slot and the other never claims it, so
    // no gossip corrects anyone: the owner's view differs from all the others'.
    const std::size_t a = cluster.owner_of(300);
    std::size_t b = 0;
    while (b == a || !cluster.is_master(b)) ++b;
    ASSERT_EQ(cluster.node(a).cli({"CLUSTER", "SETSLOT", "300", "NODE", cluster.id(b)}), "OK\n");
    v = compare_with_redis_cli(cluster);
    EXPECT_FALSE(v.ours_ok);
    EXPECT_FALSE(v.cli_ok) << v.cli;
    EXPECT_NE(v.cli.find("Nodes don't agree about configuration!"), std::string::npos) << v.cli;
    EXPECT_NE(v.ours.find("\"slots_agree\":false"), std::string::npos) << v.ours;
    EXPECT_NE(v.ours.find("{\"slots\":[300,300]"), std::string::npos) << v.ours;
    const std::string newer =
        cluster.config_epoch(b) > cluster.config_epoch(a) ? cluster.id(b) : cluster.id(a);
    EXPECT_NE(v.ours.find("\"converges_to\":\"" + newer + "\""), std::string::npos) << v.ours;
    // Neither claims it in its own file now: redis-cli and nodesconf both see it uncovered.
    EXPECT_NE(v.cli.find("Not all 16384 slots are covered"), std::string::npos) << v.cli;
    EXPECT_NE(v.ours.find("\"uncovered\":[[300,300]]"), std::string::npos) << v.ours;
}

TEST_F(LiveClusterTest, DiffShowsExactlyAFailoverAndAResharding) {
    LiveCluster cluster(dir_);
    cluster.create();
    cluster.save_all();
    const auto before = cluster.snapshot("before");

    // A manual failover of one replica.
    std::size_t replica = 0;
    while (cluster.is_master(replica)) ++replica;
    std::size_t master = 0;
    const std::string replica_id = cluster.id(replica);
    std::string master_id;
    {
        const std::string role = cluster.node(replica).cli({"CLUSTER", "NODES"});
        const auto at = role.find("myself,slave ");
        master_id = role.substr(at + 13, 40);
        while (cluster.id(master) != master_id) ++master;
    }
    // A manual failover needs the replica's link to its master up.
    for (int i = 0;
         i < 200 &&
         cluster.node(replica).cli({"INFO", "replication"}).find("master_link_status:up") ==
             std::string::npos;
         ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    ASSERT_EQ(cluster.node(replica).cli({"CLUSTER", "FAILOVER"}), "OK\n");
    for (int i = 0; i < 200 && !cluster.is_master(replica); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    ASSERT_TRUE(cluster.is_master(replica));
    ASSERT_TRUE(cluster.wait_ok());
    cluster.save_all();
    const auto after = cluster.snapshot("failover");
    const RunResult r =
        run_nodesconf({"diff", "--format", "json", before[replica], after[replica]});
    EXPECT_EQ(r.exit_code, 1) << r.err;
    auto has = [&](const std::string& text) { return r.out.find(text) != std::string::npos; };
    EXPECT_TRUE(
        has(fmt::format("{{\"kind\":\"role\",\"node\":\"{}\",\"what\":\"role\",\"before\":"
                        "\"replica\",\"after\":\"master\"}}",
                        replica_id)))
        << r.out;
    EXPECT_TRUE(
        has(fmt::format("{{\"kind\":\"role\",\"node\":\"{}\",\"what\":\"role\",\"before\":"
                        "\"master\",\"after\":\"replica\"}}",
                        master_id)))
        << r.out;
    EXPECT_TRUE(has(fmt::format("\"after\":\"{}\"}}", replica_id.substr(0, 8))))
        << r.out;  // the slots moved to it
    EXPECT_FALSE(has("node-added"));
    EXPECT_FALSE(has("node-removed"));
    // Only the two nodes changed roles.
    std::size_t roles = 0;
    for (std::size_t at = r.out.find("\"kind\":\"role\""); at != std::string::npos;
         at = r.out.find("\"kind\":\"role\"", at + 1))
        ++roles;
    EXPECT_EQ(roles, 2u) << r.out.substr(r.out.find("\"changes\""));

    // A resharding of 10 slots between two masters.
    std::vector<std::size_t> masters;
    for (std::size_t i = 0; i < cluster.size(); ++i)
        if (cluster.is_master(i)) masters.push_back(i);
    const std::size_t from = masters[0], to = masters[1];
    const RunResult reshard = run({"redis-cli", "--cluster", "reshard",
                                   "127.0.0.1:" + std::to_string(cluster.node(0).port()),
                                   "--cluster-from", cluster.id(from), "--cluster-to",
                                   cluster.id(to), "--cluster-slots", "10", "--cluster-yes"});
    ASSERT_EQ(reshard.exit_code, 0) << reshard.out << reshard.err;
    ASSERT_TRUE(cluster.wait_ok());
    cluster.save_all();
    const auto resharded = cluster.snapshot("resharded");
    std::size_t observer = 0;
    while (observer == from || observer == to) ++observer;
    const RunResult d = run_nodesconf({"diff", after[observer], resharded[observer]});
    EXPECT_EQ(d.exit_code, 1);
    int moved = 0;
    std::istringstream lines(d.out);
    for (std::string line; std::getline(lines, line);) {
        int a, b = -1;
        char from_id[16], to_id[16];
        if (std::sscanf(line.c_str(), "slots %d-%d: %8s -> %8s", &a, &b, from_id, to_id) == 4 ||
            std::sscanf(line.c_str(), "slot %d: %8s -> %8s", &a, from_id, to_id) == 3) {
            if (b < 0) b = a;
            moved += b - a + 1;
            EXPECT_EQ(std::string(from_id), cluster.id(from).substr(0, 8)) << line;
            EXPECT_EQ(std::string(to_id), cluster.id(to).substr(0, 8)) << line;
        } else {
            // Besides the slots, only epochs move (the target bumps its own).
            EXPECT_TRUE(line.find("configEpoch") != std::string::npos ||
                        line.find("currentEpoch") != std::string::npos)
                << line;
        }
    }
    EXPECT_EQ(moved, 10) << d.out;
}

namespace {
// Writes `count` keys outside `avoid` through the cluster; returns them.
std::vector<std::string> write_keys(LiveCluster& cluster, int count, const SlotSet& avoid) {
    std::vector<std::string> keys;
    std::string commands;
    for (int i = 0; keys.size() < static_cast<std::size_t>(count); ++i) {
        const std::string key = fmt::format("key:{}", i);
        const int slot = std::stoi(cluster.node(0).cli({"CLUSTER", "KEYSLOT", key}));
        if (avoid[slot]) continue;
        keys.push_back(key);
        commands += fmt::format("SET {} value-{}\n", key, key);
    }
    run({"redis-cli", "-c", "-p", std::to_string(cluster.node(0).port())}, commands);
    return keys;
}
// Reads every key back through the cluster from `port` on `host`.
int readable_keys(const std::string& host, int port, const std::vector<std::string>& keys) {
    std::string commands;
    for (const std::string& k : keys) commands += "GET " + k + "\n";
    const RunResult r = run({"redis-cli", "-c", "-h", host, "-p", std::to_string(port)}, commands);
    std::istringstream in(r.out);
    int ok = 0;
    std::size_t i = 0;
    for (std::string line; std::getline(in, line) && i < keys.size();) {
        if (line.rfind("-> Redirected", 0) == 0) continue;  // redis-cli -c says where it went
        if (line == "value-" + keys[i]) ++ok;
        ++i;
    }
    return ok;
}
}  // namespace

// Issue #4: move slot ranges and clear an open slot offline, on all six files; the cluster keeps
// it.
TEST_F(LiveClusterTest, EditSlotsOfflineIsKeptAfterRestart) {
    LiveCluster cluster(dir_, {"--appendonly", "yes"});
    cluster.create();
    const std::size_t from = cluster.owner_of(0);
    std::size_t to = 0;
    while (to == from || !cluster.is_master(to)) ++to;
    const auto keys = write_keys(cluster, 300, *parse_ranges("0-99"));
    const std::size_t owner5000 = cluster.owner_of(5000);
    std::size_t other = 0;
    while (other == owner5000 || !cluster.is_master(other)) ++other;
    ASSERT_EQ(
        cluster.node(owner5000).cli({"CLUSTER", "SETSLOT", "5000", "MIGRATING", cluster.id(other)}),
        "OK\n");
    cluster.save_all();
    std::vector<int> ports;
    for (std::size_t i = 0; i < cluster.size(); ++i) ports.push_back(cluster.node(i).port());
    const std::string to_id = cluster.id(to);
    cluster.shutdown_all();

    std::vector<std::string> args = {"edit-slots", "--move",   "0-99", "--to",
                                     to_id,        "--stable", "5000"};
    for (const std::string& p : cluster.conf_paths()) args.push_back(p);
    const RunResult edit = run_nodesconf(args);
    ASSERT_EQ(edit.exit_code, 0) << edit.err;
    EXPECT_NE(edit.err.find("moves slot ownership, not keys"), std::string::npos);

    for (std::size_t i = 0; i < cluster.size(); ++i)
        ASSERT_EQ(cluster.node(i).restart(
                      ports[i], {"--cluster-node-timeout", "5000", "--appendonly", "yes"}),
                  Outcome::started)
            << cluster.node(i).log();
    ASSERT_TRUE(cluster.wait_ok()) << cluster.cli_check();
    for (std::size_t i = 0; i < cluster.size(); ++i) {
        EXPECT_EQ(cluster.owner_of(0), to);
        EXPECT_EQ(cluster.owner_of(99), to);
        EXPECT_EQ(cluster.owner_of(100), from);
        const std::string slots = cluster.node(i).cli({"CLUSTER", "SLOTS"});
        EXPECT_NE(slots.find(fmt::format("0\n99\n127.0.0.1\n{}\n", ports[to])), std::string::npos)
            << slots;
    }
    const std::string check = cluster.cli_check();
    EXPECT_EQ(check.rfind("0\n", 0), 0u) << check;
    EXPECT_NE(check.find("[OK] All 16384 slots covered."), std::string::npos);
    EXPECT_EQ(check.find("slots are open"), std::string::npos) << check;
    EXPECT_EQ(readable_keys("127.0.0.1", ports[0], keys), 300);
}

// Issue #5: every node gets a new address (127.0.0.1 -> 127.0.0.2, new ports) while the cluster
// is stopped, the Kubernetes/Docker restart problem. With `remap` on every file the cluster comes
// back with all slots and keys; without it, it does not (so the test would catch a no-op).
TEST_F(LiveClusterTest, RemapBringsAMovedClusterBack) {
    LiveCluster cluster(dir_, {"--appendonly", "yes"});
    cluster.create();
    const auto keys = write_keys(cluster, 200, SlotSet{});
    cluster.save_all();
    std::vector<int> old_ports, new_ports;
    for (std::size_t i = 0; i < cluster.size(); ++i) old_ports.push_back(cluster.node(i).port());
    for (std::size_t i = 0; i < cluster.size(); ++i) {
        int p;
        do p = pick_port();
        while (std::find(old_ports.begin(), old_ports.end(), p) != old_ports.end() ||
               std::find(new_ports.begin(), new_ports.end(), p) != new_ports.end());
        new_ports.push_back(p);
    }
    cluster.shutdown_all();
    const auto moved_extra = [](const std::vector<std::string>& more) {
        std::vector<std::string> extra = {"--cluster-node-timeout", "5000", "--bind-source-addr",
                                          "127.0.0.2"};
        extra.insert(extra.end(), more.begin(), more.end());
        return extra;
    };

    // Control: the same move without remap never recovers.
    {
        const std::string control_dir = dir_ + "/control";
        fs::create_directory(control_dir);
        std::vector<std::unique_ptr<Server>> control;
        for (std::size_t i = 0; i < cluster.size(); ++i) {
            control.push_back(
                std::make_unique<Server>(control_dir, "nodes-" + std::to_string(i) + ".conf"));
            write_file(control.back()->conf_path(), read_file(cluster.node(i).conf_path()));
            control.back()->set_host("127.0.0.2");
            ASSERT_EQ(control.back()->restart(new_ports[i], moved_extra({})), Outcome::started)
                << control.back()->log();
        }
        std::this_thread::sleep_for(std::chrono::seconds(12));
        int ok_nodes = 0;
        for (auto& s : control)
            ok_nodes += s->cli({"CLUSTER", "INFO"}).find("cluster_state:ok") != std::string::npos;
        EXPECT_LT(ok_nodes, 6)
            << "the cluster recovered without remap: the test would not catch a no-op";
        const RunResult check =
            run({"redis-cli", "--cluster", "check", "127.0.0.2:" + std::to_string(new_ports[0])});
        EXPECT_NE(check.exit_code, 0) << check.out;
        for (auto& s : control) s->stop();
    }

    // The real thing: remap every file, then start every node at its new address.
    std::vector<std::string> args = {"remap"};
    for (std::size_t i = 0; i < cluster.size(); ++i)
        args.insert(args.end(), {"--map", fmt::format("127.0.0.1:{}=127.0.0.2:{}", old_ports[i],
                                                      new_ports[i])});
    for (const std::string& p : cluster.conf_paths()) args.push_back(p);
    const RunResult remap = run_nodesconf(args);
    ASSERT_EQ(remap.exit_code, 0) << remap.err;
    for (std::size_t i = 0; i < cluster.size(); ++i) {
        cluster.node(i).set_host("127.0.0.2");
        ASSERT_EQ(cluster.node(i).restart(new_ports[i], moved_extra({"--appendonly", "yes"})),
                  Outcome::started)
            << cluster.node(i).log();
    }
    ASSERT_TRUE(cluster.wait_ok()) << [&] {
        std::string views = cluster.cli_check();
        for (std::size_t i = 0; i < cluster.size(); ++i)
            views += fmt::format(
                "\nnode {} at {}:{}:\n{}\nlog tail:\n{}", i, cluster.node(i).host(),
                cluster.node(i).port(), cluster.node(i).cli({"CLUSTER", "NODES"}),
                cluster.node(i).log().substr(
                    cluster.node(i).log().size() > 800 ? cluster.node(i).log().size() - 800 : 0));
        return views;
    }();
    for (std::size_t i = 0; i < cluster.size(); ++i) {
        const std::string info = cluster.node(i).cli({"CLUSTER", "INFO"});
        EXPECT_NE(info.find("cluster_state:ok"), std::string::npos);
        EXPECT_NE(info.find("cluster_slots_assigned:16384"), std::string::npos);
        EXPECT_EQ(cluster.node(i).cli({"CLUSTER", "NODES"}).find("127.0.0.1"), std::string::npos);
    }
    EXPECT_EQ(readable_keys("127.0.0.2", new_ports[0], keys), 200);
}
