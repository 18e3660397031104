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
    EXPECT_NE(rewrite(input, "redis-7.4").find(B + " :0@0,,tls-port=0,shard-id="),
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
    EXPECT_NE(rewrite(input, "redis-7.4").find("1.2.3.4:7000@17000,,tls-port=7443,shard-id="),
              std::string::npos);
}

TEST(Writer, MissingShardIdsAreDerivedAndShared) {
    // A 7.0 file written for 7.2: replicas take the master's shard-id, and the output is stable.
    const std::string input = A + " :7000@17000 myself,master - 0 0 1 connected 0-16383\n" + B +
                              " :7001@17001 slave " + A +
                              " 0 0 1 connected\nvars currentEpoch 1 lastVoteEpoch 0\n";
    const auto d = *find_dialect("redis-7.2");
    const Config config = analyze(input, d).result.config;
    EXPECT_EQ(effective_shard_id(config, 0), effective_shard_id(config, 1));
    EXPECT_TRUE(is_valid_node_id(effective_shard_id(config, 0)));
    EXPECT_EQ(rewrite(input, "redis-7.2"), rewrite(input, "redis-7.2"));
    // What we write for 7.2 loads cleanly on 7.2.
    EXPECT_FALSE(analyze(rewrite(input, "redis-7.2"), d).result.has_errors());
}

TEST(Writer, JunkIsWrittenAsTheServerReadsIt) {
    const std::string input = A +
                              " 1.2.3.4:7000x@17000 myself,master - 0 0 01 connected 12x 5-3 "
                              "+7\nvars currentEpoch 1 lastVoteEpoch 0\n";
    EXPECT_EQ(rewrite(input, "redis-7.0"),
              A + " 1.2.3.4:7000@17000 myself,master - 0 0 1 connected 7 12\nvars currentEpoch 1 "
                  "lastVoteEpoch 0\n");
}
