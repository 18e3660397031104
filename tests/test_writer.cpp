#include <gtest/gtest.h>

#include "nodesconf/analyze.h"
#include "nodesconf/write.h"

using namespace nodesconf;

namespace {
const std::string A = "6a3a879d013b1a9093ae811390b2618594e450d6";
const std::string B = "6b8f94403108d991a6f2f17966842c4f67ca9ea1";
const std::string C = "d26c6faae867cb5300513f31153a99792645f555";

std::string rewrite(const std::string& input, const std::string& target) {
    const auto dialect = find_dialect(target);
    return write_config(analyze(input, *dialect).result.config, *dialect);
}
}  // namespace

TEST(Writer, Redis32WritesNoBusPort) {
    const std::string input = A +
                              " 1.2.3.4:7000@17000 myself,master - 0 0 1 connected 0-16383\nvars "
                              "currentEpoch 1 lastVoteEpoch 0\n";
    EXPECT_EQ(rewrite(input, "redis-3.2"), A + " 1.2.3.4:7000 myself,master - 0 0 1 connected "
                                               "0-16383\nvars currentEpoch 1 lastVoteEpoch 0\n");
}

TEST(Writer, ReplicaEpochIsTheMastersFrom606) {
    const std::string input = A + " :7000@17000 myself,master - 0 0 3 connected 0-16383\n" + B +
                              " :7001@17001 slave " + A +
                              " 0 0 5 connected\nvars currentEpoch 5 lastVoteEpoch 0\n";
    EXPECT_NE(rewrite(input, "redis-6.0.5").find(" 5 connected\nvars"), std::string::npos);
    EXPECT_NE(rewrite(input, "redis-6.0.6").find(" 3 connected\nvars"), std::string::npos);
    EXPECT_NE(rewrite(input, "redis-7.0").find(" 3 connected\nvars"), std::string::npos);
}

TEST(Writer, CurrentEpochIsRepairedAndVarsComeLast) {
    const std::string input = "vars currentEpoch 1 lastVoteEpoch 2\n" + A +
                              " :7000@17000 myself,master - 0 0 9 connected\n";
    EXPECT_EQ(
        rewrite(input, "redis-7.0"),
        A + " :7000@17000 myself,master - 0 0 9 connected\nvars currentEpoch 9 lastVoteEpoch 2\n");
}

TEST(Writer, HandshakeNodesAreLeftOut) {
    const std::string input =
        A + " :7000@17000 myself,master - 0 0 1 connected\n" + B +
        " 1.1.1.1:7001@17001 handshake - 0 0 0 disconnected\nvars currentEpoch 1 lastVoteEpoch 0\n";
    EXPECT_EQ(rewrite(input, "redis-7.0").find(B), std::string::npos);
}

TEST(Writer, OpenSlotsGoOnMyselfMigratingFirstInSlotOrder) {
    const std::string input =
        B + " :7001@17001 master - 0 0 2 connected [9-<-" + C + "] [3->-" + C + "]\n" + A +
        " :7000@17000 myself,master - 0 0 1 connected 0-16383 [9->-" + C + "]\n" + C +
        " :7002@17002 master - 0 0 3 connected\nvars currentEpoch 3 lastVoteEpoch 0\n";
    const std::string out = rewrite(input, "redis-7.0");
    EXPECT_NE(out.find("0-16383 [3->-" + C + "] [9->-" + C + "]\n"), std::string::npos) << out;
    EXPECT_EQ(out.find("[9-<-"), std::string::npos);
    // The link state is kept as read; the brackets of a non-myself line move to myself.
    EXPECT_NE(out.find(B + " :7001@17001 master - 0 0 2 connected\n"), std::string::npos) << out;
}

TEST(Writer, PlaceholdersAreWrittenAsEmptyNodes) {
    const std::string input = A + " :7000@17000 myself,slave " + B +
                              " 0 0 0 connected\nvars currentEpoch 0 lastVoteEpoch 0\n";
    EXPECT_NE(rewrite(input, "redis-7.0").find(B + " :0@0 noflags - 0 0 0 disconnected\n"),
              std::string::npos);
    // 7.4 would add a random shard-id; nodesconf invents none.
    EXPECT_NE(
        rewrite(input, "redis-7.4").find(B + " :0@0,,tls-port=0 noflags - 0 0 0 disconnected\n"),
        std::string::npos);
}

TEST(Writer, AuxOrderPerRelease) {
    const std::string address = "1.2.3.4:7000@17000,host,shard-id=" + C + ",nodename=n1,tls-port=7";
    const std::string input =
        A + " " + address +
        " myself,master - 0 0 1 connected\nvars currentEpoch 1 lastVoteEpoch 0\n";
    EXPECT_NE(rewrite(input, "redis-7.4")
                  .find("1.2.3.4:7000@17000,host,tls-port=7,nodename=n1,shard-id=" + C + " "),
              std::string::npos);
    const std::string valkey = A + " 1.2.3.4:7000@17000,,shard-id=" + C +
                               ",client-ipv4=1.2.3.4,client-ipv6=::1 myself,master - 0 0 1 "
                               "connected\nvars currentEpoch 1 lastVoteEpoch 0\n";
    EXPECT_NE(
        rewrite(valkey, "valkey-8.0")
            .find("@17000,,client-ipv6=::1,client-ipv4=1.2.3.4,tls-port=0,shard-id=" + C + " "),
        std::string::npos);
}

TEST(Writer, TcpPortAuxMovesThePlaintextPortIntoTheMainField) {
    const std::string input = A +
                              " 1.2.3.4:7443@17000,,tcp-port=7000 myself,master - 0 0 1 "
                              "connected\nvars currentEpoch 1 lastVoteEpoch 0\n";
    EXPECT_NE(rewrite(input, "redis-7.4").find("1.2.3.4:7000@17000,,tls-port=7443 myself"),
              std::string::npos);
}

TEST(Writer, ShardIdsAreNeverInvented) {
    // A 7.0 file written for 7.2: no shard-ids (the server picks random ones at load), and it
    // loads on 7.2.
    const std::string input = A + " :7000@17000 myself,master - 0 0 1 connected 0-16383\n" + B +
                              " :7001@17001 slave " + A +
                              " 0 0 1 connected\nvars currentEpoch 1 lastVoteEpoch 0\n";
    const std::string out = rewrite(input, "redis-7.2");
    EXPECT_EQ(out.find("shard-id"), std::string::npos) << out;
    EXPECT_FALSE(analyze(out, *find_dialect("redis-7.2")).result.has_errors());
}

TEST(Writer, ReplicaWithoutShardIdTakesItsMasters) {
    const std::string input = A + " :7000@17000,,shard-id=" + C +
                              " myself,master - 0 0 1 connected 0-16383\n" + B +
                              " :7001@17001,,tls-port=0 slave " + A +
                              " 0 0 1 connected\nvars currentEpoch 1 lastVoteEpoch 0\n";
    const auto d = *find_dialect("redis-7.4");
    // The input itself is refused by 7.4 (the replica would get a random shard-id)...
    EXPECT_TRUE(analyze(input, d).result.has_errors());
    // ...but the model written back gives the replica its master's, which loads.
    const Config config = analyze(input, d).result.config;
    EXPECT_EQ(effective_shard_id(config, 1), C);
    EXPECT_FALSE(analyze(write_config(config, d), d).result.has_errors());
}

TEST(Writer, JunkIsWrittenAsTheServerReadsIt) {
    const std::string input = A +
                              " 1.2.3.4:7000x@17000 myself,master - 0 0 01 connected 12x 5-3 "
                              "+7\nvars currentEpoch 1 lastVoteEpoch 0\n";
    EXPECT_EQ(rewrite(input, "redis-7.0"),
              A + " 1.2.3.4:7000@17000 myself,master - 0 0 1 connected 7 12\nvars currentEpoch 1 "
                  "lastVoteEpoch 0\n");
}

TEST(Writer, ReplicaChainsBefore703AreNoFixedPointAsInTheServer) {
    // R follows B, which itself follows A. A <= 6.2 server writes R's epoch as B's in-memory one
    // (B's own, 8), and B's as A's (1); after a reload B holds 1, so R's line changes again.
    const std::string input = A + " :7000@17000 myself,master - 0 0 1 connected 0-16383\n" + B +
                              " :7001@17001 slave " + A + " 0 0 8 connected\n" + C +
                              " :7002@17002 slave " + B +
                              " 0 0 8 connected\nvars currentEpoch 8 lastVoteEpoch 0\n";
    const std::string once = rewrite(input, "redis-6.2");
    const std::string twice = rewrite(once, "redis-6.2");
    EXPECT_NE(once.find(C + " :7002@17002 slave " + B + " 0 0 8 connected"), std::string::npos)
        << once;
    EXPECT_NE(twice.find(C + " :7002@17002 slave " + B + " 0 0 1 connected"), std::string::npos)
        << twice;
    // From 7.0.3 the replica's epoch is ignored at load: stable after one save.
    EXPECT_EQ(rewrite(rewrite(input, "redis-7.0"), "redis-7.0"), rewrite(input, "redis-7.0"));
}

TEST(Writer, ANodeThatIsItsOwnMasterLosesAnEditedEpochOnReloadAsInTheServer) {
    // From 7.0.3 a replica's epoch reads as 0 and is written as its master's: for a node that
    // names itself as master (replica-of-self), an epoch set in memory (bump-epoch) is written
    // once and reads back as 0, in the server too. From a file it is stable after one save.
    const std::string input = A + " :7000@17000 myself,master,slave " + A +
                              " 0 0 5 connected 0-16383\nvars currentEpoch 5 lastVoteEpoch 0\n";
    const Dialect d = *find_dialect("redis-7.0");
    EXPECT_EQ(rewrite(rewrite(input, "redis-7.0"), "redis-7.0"), rewrite(input, "redis-7.0"));
    Config config = analyze(input, d).result.config;
    ASSERT_EQ(config.nodes[0].config_epoch, 0u);
    config.nodes[0].config_epoch = 9;
    const std::string once = write_config(config, d);
    EXPECT_NE(once.find(" 0 0 9 connected"), std::string::npos) << once;
    EXPECT_NE(rewrite(once, "redis-7.0").find(" 0 0 0 connected"), std::string::npos);
}
