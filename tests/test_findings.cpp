// One test per finding code: the smallest input that triggers it, and the exact code, line and
// column the finding carries. A code without a case here fails EveryCodeHasACase.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "nodesconf/analyze.h"
#include "test_ids.h"

using namespace nodesconf;
using namespace nodesconf::test_ids;

namespace {

std::string node(const std::string& id, const std::string& address, const std::string& flags,
                 const std::string& master, const std::string& epoch, const std::string& slots) {
    return fmt::format("{} {} {} {} 0 0 {} connected{}{}\n", id, address, flags, master, epoch,
                       slots.empty() ? "" : " ", slots);
}
std::string myself(const std::string& slots = "0-16383",
                   const std::string& address = "127.0.0.1:7000@17000") {
    return node(A, address, "myself,master", "-", "1", slots);
}
const std::string V = "vars currentEpoch 1 lastVoteEpoch 0\n";

// Every finding of `input` read as `target`, a line each: "line:column [code] message".
std::string findings_text(const std::string& input, const char* target) {
    const Analysis analysis = analyze(input, *find_dialect(target));
    std::string all;
    for (const Finding& f : analysis.result.findings)
        all += fmt::format("{}:{} [{}] {}\n", f.line, f.column, code_name(f.code), f.message);
    return all;
}

struct Case {
    Code code;
    std::string target;
    std::string input;
    std::uint32_t line;
    std::string anchor;  // the finding's column is where this text starts on that line; "" = 1
    std::uint32_t column() const {
        if (anchor.empty()) return 1;
        std::size_t start = 0;
        for (std::uint32_t n = 1; n < line; ++n) start = input.find('\n', start) + 1;
        const std::size_t at = input.find(anchor, start);
        return at == std::string::npos ? 0 : static_cast<std::uint32_t>(at - start + 1);
    }
};

std::string line_with_nul() {
    std::string line = myself();
    line.insert(line.size() - 1, std::string("\0junk", 5));
    return line;
}

std::vector<Case> cases() {
    const std::string at72 = "127.0.0.1:7000@17000,";
    return {
        {Code::empty_file, "redis-7.0", "", 1, ""},
        {Code::no_myself, "redis-7.0",
         node(A, "127.0.0.1:7000@17000", "master", "-", "1", "0-16383") + V, 1, ""},
        {Code::nul_byte, "redis-7.0", line_with_nul() + V, 1, std::string(1, '\0')},
        {Code::whitespace_line, "redis-7.0", myself() + "  \n" + V, 2, ""},
        {Code::unterminated_quote, "redis-7.0", myself() + V + "\"abc\n", 3, "\"abc"},
        {Code::text_after_quote, "redis-7.0", myself() + V + "\"abc\"x\n", 3, "x"},
        {Code::quoted_token, "redis-7.0",
         A + " 127.0.0.1:7000@17000 \"myself,master\" - 0 0 1 connected 0-16383\n" + V, 1,
         "\"myself"},
        {Code::vars_odd, "redis-7.0", myself() + "vars currentEpoch 1 lastVoteEpoch\n", 2,
         "lastVoteEpoch"},
        {Code::vars_unknown_key, "redis-7.0",
         myself() + "vars currentEpoch 1 lastVoteEpoch 0 bogus 3\n", 2, "bogus"},
        {Code::vars_missing, "redis-7.0", myself(), 1, ""},
        {Code::vars_repeated, "redis-7.0", myself() + V + V, 3, ""},
        {Code::number_junk, "redis-7.0", myself() + "vars currentEpoch 1x lastVoteEpoch 0\n", 2,
         "1x"},
        {Code::current_epoch_raised, "redis-7.0",
         myself() + "vars currentEpoch 0 lastVoteEpoch 0\n", 2, ""},
        {Code::too_few_fields, "redis-7.0", myself() + A + " 127.0.0.1:7000\n" + V, 2, ""},
        {Code::node_id, "redis-7.0",
         myself() + node("ABC", "127.0.0.1:7001@17001", "master", "-", "2", "") + V, 2, ""},
        {Code::node_id_long, "redis-6.2",
         myself() + node(B + "ff", "127.0.0.1:7001@17001", "master", "-", "2", "") + V, 2, ""},
        {Code::master_id, "redis-7.0",
         myself() + node(B, "127.0.0.1:7001@17001", "slave", "nope", "1", "") + V, 2, "nope"},
        {Code::master_junk, "redis-7.0",
         myself() + node(B, "127.0.0.1:7001@17001", "master", "-x", "2", "") + V, 2, "-x"},
        {Code::duplicate_node, "redis-7.0",
         myself() + node(B, "127.0.0.1:7001@17001", "master", "-", "2", "") +
             node(B, "127.0.0.1:7001@17001", "master", "-", "2", "") + V,
         3, ""},
        {Code::address_no_colon, "redis-7.0", myself("0-16383", "127.0.0.1") + V, 1, "127.0.0.1"},
        {Code::ip_too_long, "redis-7.0",
         myself("0-16383", std::string(46, '1') + ":7000@17000") + V, 1, "111"},
        {Code::port_junk, "redis-7.0", myself("0-16383", "127.0.0.1:70a0@17000") + V, 1, "70a0"},
        {Code::port_range, "redis-7.0", myself("0-16383", "127.0.0.1:70000@17000") + V, 1, "70000"},
        {Code::bus_port_range, "redis-6.2", myself("0-16383", "127.0.0.1:60000") + V, 1, "60000"},
        {Code::address_tail_ignored, "redis-6.2",
         myself("0-16383", "127.0.0.1:7000@17000,host") + V, 1, ",host"},
        {Code::hostname_aux_tail, "redis-7.0",
         myself("0-16383", "127.0.0.1:7000@17000,,tls-port=0") + V, 1, ",tls-port"},
        {Code::aux_syntax, "redis-7.2", myself("0-16383", at72 + ",tls-port") + V, 1, "tls-port"},
        {Code::aux_charset, "redis-7.2", myself("0-16383", at72 + ",nodename=a$b") + V, 1,
         "nodename="},
        {Code::aux_unknown_key, "redis-7.2", myself("0-16383", at72 + ",client-ipv4=1.2.3.4") + V,
         1, "client-ipv4"},
        {Code::aux_value, "redis-7.2", myself("0-16383", at72 + ",tls-port=99999") + V, 1, "99999"},
        {Code::shard_id_mismatch, "redis-7.2",
         myself("0-16383", at72 + ",shard-id=" + S1) +
             node(B, at72 + ",shard-id=" + S2, "slave", A, "1", "") + V,
         2, "shard-id=" + S2},
        {Code::unknown_flag, "redis-7.0",
         A + " 127.0.0.1:7000@17000 myself,master,bogus - 0 0 1 connected 0-16383\n" + V, 1,
         "bogus"},
        {Code::duplicate_myself, "redis-7.0",
         myself() + node(B, "127.0.0.1:7001@17001", "myself,master", "-", "2", "") + V, 2,
         "myself"},
        {Code::link_state, "redis-7.0",
         A + " 127.0.0.1:7000@17000 myself,master - 0 0 1 linked 0-16383\n" + V, 1, "linked"},
        {Code::replica_epoch, "redis-7.0",
         myself() + node(B, "127.0.0.1:7001@17001", "slave", A, "5", "") + V, 2, "5 connected"},
        {Code::placeholder_node, "redis-7.0",
         myself() + node(B, "127.0.0.1:7001@17001", "slave", C, "1", "") + V, 2, C},
        {Code::handshake_dropped, "redis-7.0",
         myself() + node(B, "127.0.0.1:7001@17001", "handshake", "-", "0", "") + V, 2, ""},
        {Code::slot_range, "redis-7.0", myself("0-16384") + V, 1, "0-16384"},
        {Code::slot_junk, "redis-7.0", myself("0-100 12x") + V, 1, "12x"},
        {Code::slot_empty_range, "redis-7.0", myself("0-100 9000-300") + V, 1, "9000-300"},
        {Code::slot_overlap, "redis-7.0",
         myself("0-16383") + node(B, "127.0.0.1:7001@17001", "master", "-", "2", "100") + V, 2,
         "100\n"},
        {Code::open_slot_syntax, "redis-7.0", myself("0-16383 [100]") + V, 1, "[100]"},
        {Code::open_slot_direction, "redis-7.0",
         myself("0-16383 [100-x-" + B + "]") +
             node(B, "127.0.0.1:7001@17001", "master", "-", "2", "") + V,
         1, "x-"},
        {Code::open_slot_not_myself, "redis-7.0",
         myself("0-16382") +
             node(B, "127.0.0.1:7001@17001", "master", "-", "2", "16383 [16383->-" + A + "]") + V,
         2, "[16383"},
        {Code::open_slot_both, "redis-7.0",
         myself("0-16383 [5->-" + B + "] [5-<-" + B + "]") +
             node(B, "127.0.0.1:7001@17001", "master", "-", "2", "") + V,
         1, "[5-<-"},
        {Code::slots_uncovered, "redis-7.0", myself("0-100") + V, 1, ""},
        {Code::duplicate_epoch, "redis-7.0",
         myself("0-100") + node(B, "127.0.0.1:7001@17001", "master", "-", "1", "101-16383") + V, 2,
         ""},
        {Code::replica_with_slots, "redis-7.0",
         myself("0-100") + node(B, "127.0.0.1:7001@17001", "slave", A, "1", "101-16383") + V, 2,
         ""},
        {Code::replica_of_replica, "redis-7.0",
         myself() + node(B, "127.0.0.1:7001@17001", "slave", A, "1", "") +
             node(C, "127.0.0.1:7002@17002", "slave", B, "1", "") + V,
         3, ""},
        {Code::replica_of_self, "redis-7.0",
         myself() + node(B, "127.0.0.1:7001@17001", "slave", B, "0", "") + V, 2, ""},
        {Code::replica_without_master, "redis-7.0",
         myself() + node(B, "127.0.0.1:7001@17001", "slave", "-", "0", "") + V, 2, ""},
        {Code::no_role, "redis-7.0",
         myself() + node(B, "127.0.0.1:7001@17001", "noflags", "-", "0", "") + V, 2, ""},
        {Code::shard_id_replica, "redis-7.2",
         myself("0-16383", at72 + ",tls-port=0") +
             node(B, at72 + ",shard-id=" + S2, "slave", A, "1", "") + V,
         2, ""},
    };
}

void PrintTo(const Case& c, std::ostream* os) {
    *os << code_name(c.code) << " on " << c.target;
}

}  // namespace

class FindingCode : public ::testing::TestWithParam<Case> {};

TEST_P(FindingCode, ReportedAtTheExactPlace) {
    const Case& c = GetParam();
    const auto dialect = find_dialect(c.target);
    ASSERT_TRUE(dialect);
    const Analysis analysis = analyze(c.input, *dialect);
    std::string all;
    for (const Finding& f : analysis.result.findings)
        all += fmt::format("  {}:{} {} {}\n", f.line, f.column, code_name(f.code), f.message);
    bool found = false;
    for (const Finding& f : analysis.result.findings) {
        if (f.code != c.code) continue;
        found = true;
        EXPECT_EQ(f.line, c.line) << all;
        EXPECT_EQ(f.column, c.column()) << all;
        EXPECT_EQ(f.severity, code_severity(c.code));
    }
    EXPECT_TRUE(found) << "expected " << code_name(c.code) << ", got:\n" << all;
}

INSTANTIATE_TEST_SUITE_P(AllCodes, FindingCode, ::testing::ValuesIn(cases()), [](const auto& info) {
    std::string name(code_name(info.param.code));
    for (char& ch : name)
        if (ch == '-') ch = '_';
    return name;
});

TEST(FindingCodes, EveryCodeHasACase) {
    std::set<Code> covered;
    for (const Case& c : cases()) covered.insert(c.code);
    covered.insert(Code::line_split);  // needs a 2 MB line: LineSplit below
    // The file's state on disk, not its text: tests/test_write_path.cpp.
    covered.insert(Code::rewrite_completed);
    covered.insert(Code::pending_rewrite);
    covered.insert(Code::file_in_use);
    for (const CodeInfo& info : all_codes())
        EXPECT_TRUE(covered.count(info.code)) << "no test input for " << info.name;
}

TEST(FindingCodes, LineSplit) {
    std::string input = myself();
    input += A + " 127.0.0.1:7001@17001 master - 0 0 2 connected " + std::string(2'100'000, '1') +
             "\n" + V;
    const Analysis analysis = analyze(input, *find_dialect("redis-7.0"));
    bool split = false;
    for (const Finding& f : analysis.result.findings)
        if (f.code == Code::line_split) {
            split = true;
            EXPECT_EQ(f.line, 2u);
            EXPECT_EQ(f.column, 2'098'176u);
        }
    EXPECT_TRUE(split);
    EXPECT_TRUE(analysis.result.has_errors());  // the tail fails as a node line of its own
}

TEST(FindingCodes, NamesAreUniqueAndKebabCase) {
    std::set<std::string_view> names;
    for (const CodeInfo& info : all_codes()) {
        EXPECT_TRUE(names.insert(info.name).second) << info.name;
        for (char ch : info.name) EXPECT_TRUE((ch >= 'a' && ch <= 'z') || ch == '-') << info.name;
    }
}

TEST(Parser, FirstClaimWinsAndLaterLineLosesTheSlot) {
    const std::string input =
        myself("0-200") + node(B, "127.0.0.1:7001@17001", "master", "-", "2", "100-300") + V;
    const Analysis analysis = analyze(input, *find_dialect("redis-7.0"));
    const Config& config = analysis.result.config;
    EXPECT_EQ(config.slot_owner[150], 0);
    EXPECT_EQ(config.slot_owner[250], 1);
}

// A marker the server reads past a typo: it takes atoi's slot and the arrow's second byte, and
// writes the marker back plain. Each typo is a warning at its place.
TEST(Parser, OpenSlotTyposTheServerReadsAreWarnedAtTheirPlace) {
    const std::string input = myself("0-16383 [5x->-" + B + "] [->-" + B + "] [+7-<-" + B +
                                     "] [9->+" + B + "] [10-<x" + B + "] [008->-" + B + "]") +
                              node(B, "127.0.0.1:7001@17001", "master", "-", "2", "") +
                              "vars currentEpoch 2 lastVoteEpoch 0\n";
    const Analysis analysis = analyze(input, *find_dialect("redis-7.0"));
    std::vector<std::string> seen;
    for (const Finding& f : analysis.result.findings)
        seen.push_back(fmt::format("{}:{}:{} [{}] {}", f.line, f.column, f.length,
                                   code_name(f.code), f.message));
    const std::vector<std::string> expected = {
        "1:104:2 [slot-junk] '5x' is not a slot number; the server reads open slot 5",
        "1:152:1 [slot-junk] no slot number before '-'; the server reads open slot 0",
        "1:198:2 [slot-junk] '+7' is not a slot number; the server reads open slot 7",
        "1:249:1 [open-slot-direction] '->+' is not '->-': the server takes it as migrating and "
        "writes '->-'",
        "1:297:1 [open-slot-direction] '-<x' is not '-<-': the server takes it as importing and "
        "writes '-<-'",
    };
    EXPECT_EQ(seen, expected);
    const Config& c = analysis.result.config;
    for (int slot : {5, 0, 9, 8}) EXPECT_EQ(c.migrating_to[slot], 1) << slot;
    for (int slot : {7, 10}) EXPECT_EQ(c.importing_from[slot], 1) << slot;
}

TEST(Parser, AtoiWrapsLikeGlibc) {
    // 4294967301 = 2^32 + 5: strtol gives it whole, the int conversion keeps 5.
    const Analysis analysis = analyze(myself("4294967301") + V, *find_dialect("redis-7.0"));
    EXPECT_EQ(analysis.result.config.slot_owner[5], 0);
}

TEST(Parser, NegativeEpochWrapsAsStrtoull) {
    const Analysis analysis =
        analyze(node(A, "127.0.0.1:7000@17000", "myself,master", "-", "-1", "") + V,
                *find_dialect("redis-7.0"));
    EXPECT_EQ(analysis.result.config.nodes[0].config_epoch, UINT64_MAX);
}

TEST(Parser, ReplicaEpochIgnoredFrom703Only) {
    const std::string input = myself() + node(B, "127.0.0.1:7001@17001", "slave", A, "5", "") + V;
    EXPECT_EQ(analyze(input, *find_dialect("redis-7.0.15")).result.config.nodes[1].config_epoch,
              0u);
    EXPECT_EQ(analyze(input, *find_dialect("redis-7.0.2")).result.config.nodes[1].config_epoch, 5u);
}

TEST(Parser, ShardIdMismatchIsFatalInEitherLineOrder) {
    const std::string at = "127.0.0.1:7000@17000,";
    const std::string master = myself("0-16383", at + ",shard-id=" + S1);
    const std::string replica = node(B, at + ",tls-port=0", "slave", A, "1", "");
    EXPECT_TRUE(analyze(master + replica + V, *find_dialect("redis-7.2")).result.has_errors());
    EXPECT_TRUE(analyze(replica + master + V, *find_dialect("redis-7.2")).result.has_errors());
    // Neither line has a shard-id (a 7.0 file): loads.
    const std::string plain = myself("0-16383", at + ",tls-port=0") + replica;
    EXPECT_FALSE(analyze(plain + V, *find_dialect("redis-7.2")).result.has_errors());
}

// The four ways a replica and its master can disagree, each message with both shard ids in full
// (the loader holds them in fixed 40-byte ids, not strings).
TEST(Parser, ShardIdMismatchMessagesNameBothIds) {
    const std::string at = "127.0.0.1:7000@17000,";
    const std::string master = myself("0-16383", at + ",shard-id=" + S1);
    const std::string without = node(B, at + ",tls-port=0", "slave", A, "1", "");
    const std::string other = node(B, at + ",shard-id=" + S2, "slave", A, "1", "");
    auto message = [](const std::string& input) { return findings_text(input + V, "redis-7.2"); };
    EXPECT_EQ(message(master + without),
              "2:81 [shard-id-mismatch] this replica has no shard-id, so redis-7.2.6 gives it a "
              "random one that differs from its master's " +
                  S1 + " (" + A.substr(0, 8) + " (line 1)): it rejects the file\n");
    EXPECT_EQ(message(master + other),
              "2:64 [shard-id-mismatch] shard-id " + S2 + " differs from its master's " + S1 +
                  " (" + A.substr(0, 8) + " (line 1)): redis-7.2.6 rejects the file\n");
    EXPECT_EQ(message(without + master),
              "2:64 [shard-id-mismatch] replica " + B.substr(0, 8) +
                  " (line 1) has no shard-id, so redis-7.2.6 gives it a random one that differs "
                  "from this master's " +
                  S1 + ": it rejects the file\n");
    EXPECT_EQ(message(other + master), "2:64 [shard-id-mismatch] replica " + B.substr(0, 8) +
                                           " (line 1) has shard-id " + S2 + ", this master " + S1 +
                                           ": redis-7.2.6 rejects the file\n");
}

// A master's shard-id is checked against every replica listed before it, in the order they were
// listed, and a replica named on two lines is listed once (clusterNodeAddSlave).
TEST(Parser, ShardIdOfALateMasterIsCheckedAgainstEachEarlierReplicaOnce) {
    const std::string at = "127.0.0.1:7000@17000,";
    const std::string input = node(B, at + ",tls-port=0", "slave", A, "1", "") +
                              node(C, at + ",shard-id=" + S2, "slave", A, "1", "") +
                              node(R, at + ",shard-id=" + S1, "slave", A, "1", "") +
                              node(R, at + ",shard-id=" + S1, "slave", A, "1", "") +
                              myself("0-16383", at + ",shard-id=" + S1) + V;
    EXPECT_EQ(findings_text(input, "redis-7.2"),
              "4:1 [duplicate-node] node " + R.substr(0, 8) +
                  " already has line 3: the server merges the lines (flags OR-ed, later "
                  "fields win)\n"
                  "5:64 [shard-id-mismatch] replica " +
                  B.substr(0, 8) +
                  " (line 1) has no shard-id, so redis-7.2.6 gives it a random one that "
                  "differs from this master's " +
                  S1 +
                  ": it rejects the file\n"
                  "5:64 [shard-id-mismatch] replica " +
                  C.substr(0, 8) + " (line 2) has shard-id " + S2 + ", this master " + S1 +
                  ": redis-7.2.6 rejects the file\n");
}

TEST(Parser, ValkeyAcceptsRoleAliasesAndRedisPanics) {
    const std::string input =
        node(A, "127.0.0.1:7000@17000", "myself,primary", "-", "1", "0-16383") + V;
    EXPECT_FALSE(analyze(input, *find_dialect("valkey-8.0")).result.has_errors());
    EXPECT_TRUE(analyze(input, *find_dialect("redis-7.4")).result.has_errors());
}

TEST(Parser, Redis32PanicsOnNofailover) {
    const std::string input =
        node(A, "127.0.0.1:7000", "myself,master,nofailover", "-", "1", "0-16383") + V;
    EXPECT_TRUE(analyze(input, *find_dialect("redis-3.2")).result.has_errors());
    EXPECT_FALSE(analyze(input, *find_dialect("redis-4.0")).result.has_errors());
}

TEST(FindingCodes, EveryCodeIsDocumentedInTheReadme) {
    std::ifstream in(std::string(NODESCONF_TESTDATA) + "/../README.md");
    std::stringstream buffer;
    buffer << in.rdbuf();
    const std::string readme = buffer.str();
    ASSERT_FALSE(readme.empty());
    for (const CodeInfo& info : all_codes())
        EXPECT_NE(
            readme.find(fmt::format("| `{}` | {} |", info.name, severity_name(info.severity))),
            std::string::npos)
            << info.name
            << " is missing from README's finding code table (or its severity differs)";
}

TEST(FindingCodes, EveryCodeIsDocumentedInTheManPage) {
    std::ifstream in(std::string(NODESCONF_TESTDATA) + "/../man/nodes.conf.5");
    std::stringstream buffer;
    buffer << in.rdbuf();
    const std::string page = buffer.str();
    ASSERT_FALSE(page.empty());
    for (const CodeInfo& info : all_codes())
        EXPECT_NE(
            page.find(fmt::format(".It Sy {} Pq {}", info.name, severity_name(info.severity))),
            std::string::npos)
            << info.name << " is missing from nodes.conf(5)";
}
