// The nodesconf binary as scripts see it: exact stdout, stderr and exit codes.
#include <gtest/gtest.h>

#include <fmt/format.h>
#include <sys/resource.h>

#include <string>
#include <vector>

#include "test_support.h"

using namespace nodesconf::test;

namespace {
const std::string kData = NODESCONF_TESTDATA;
const std::string kFresh = kData + "/redis-7.0.15/a-fresh-cluster/nodes-7000.conf";
const std::string A = "6a3a879d013b1a9093ae811390b2618594e450d6";
}  // namespace

TEST(Cli, ValidateCleanFileNamesTheAutoTarget) {
    const RunResult r = run_nodesconf({"validate", kFresh});
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_EQ(r.out, kFresh + ": valid for redis-7.0.15 (auto): 6 nodes, 0 warnings, 0 notes\n");
    EXPECT_EQ(r.err, "");
}

// Counts agree with their nouns: a node that stands alone is "1 node", not "1 nodes".
TEST(Cli, CountsOfOneAreSingular) {
    const std::string alone = kData + "/redis-7.0.15/b-single-node-alone/nodes-7000.conf";
    const RunResult valid = run_nodesconf({"validate", alone});
    EXPECT_EQ(valid.out, alone + ": valid for redis-7.0.15 (auto): 1 node, 0 warnings, 1 note\n");
    const RunResult table = run_nodesconf({"dump", "--format", "table", alone});
    EXPECT_EQ(table.out.substr(0, table.out.find('\n')),
              alone + " (redis-7.0.15 (auto)): 1 node, currentEpoch 0, lastVoteEpoch 0");
    const RunResult check = run_nodesconf({"check", alone});
    EXPECT_EQ(check.out.substr(0, check.out.find('\n')), ">>> 1 file: 1 master, 0 replicas");
}

TEST(Cli, DiagnosticTextIsCompilerStyle) {
    const std::string bad = A +
                            " 127.0.0.1:7000@17000 myself,master - 0 0 1 connected 0-16384\nvars "
                            "currentEpoch 1 lastVoteEpoch 0\n";
    const RunResult r = run_nodesconf({"validate", "--target", "redis-7.0", "-"}, bad);
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(r.err, "<stdin>:1:95: error: slot 16384 is out of range 0-16383 [slot-range]\n");
    EXPECT_EQ(r.out, "<stdin>: invalid for redis-7.0.15: 1 error, 0 warnings\n");
}

TEST(Cli, OverlapWarningNamesTheWinner) {
    const std::string input =
        A +
        " :7000@17000 myself,master - 0 0 1 connected 0-16383\n"
        "6b8f94403108d991a6f2f17966842c4f67ca9ea1 :7001@17001 master - 0 0 2 connected 100\n"
        "vars currentEpoch 2 lastVoteEpoch 0\n";
    const RunResult r = run_nodesconf({"validate", "-"}, input);
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_EQ(r.err,
              "<stdin>:2:79: warning: slot 100 is claimed by 2 nodes; the server keeps the first, "
              "6a3a879d (line 1) [slot-overlap]\n");
    EXPECT_EQ(run_nodesconf({"validate", "--strict", "-"}, input).exit_code, 1);
}

TEST(Cli, UnreadableFileIsReportedAndOthersStillChecked) {
    const RunResult r = run_nodesconf({"validate", "/nonexistent/nodes.conf", kFresh});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, "/nonexistent/nodes.conf: cannot open: No such file or directory\n");
    EXPECT_NE(r.out.find(kFresh + ": valid"), std::string::npos);
}

// check reads its files on several threads; what it prints must not depend on how many.
TEST(Cli, CheckPrintsTheSameWhateverTheJobs) {
    const std::string dir = kData + "/redis-7.0.15/a-fresh-cluster/";
    std::vector<std::string> files;
    for (int port = 7000; port <= 7005; ++port)
        files.push_back(dir + "nodes-" + std::to_string(port) + ".conf");
    auto check = [&](const char* jobs, std::vector<std::string> extra) {
        std::vector<std::string> args = {"check", "-j", jobs};
        args.insert(args.end(), files.begin(), files.end());
        args.insert(args.end(), extra.begin(), extra.end());
        return run_nodesconf(args);
    };
    const RunResult one = check("1", {}), four = check("4", {});
    EXPECT_EQ(one.exit_code, 0) << one.err;
    EXPECT_NE(one.out.find("consistent"), std::string::npos);
    EXPECT_EQ(four.out, one.out);
    EXPECT_EQ(four.exit_code, one.exit_code);

    // Troubles are reported in file order, then nothing is compared.
    const RunResult bad = check("4", {"/nonexistent/nodes.conf", kData});
    EXPECT_EQ(bad.exit_code, 2);
    EXPECT_EQ(bad.out, "");
    EXPECT_EQ(bad.err, "/nonexistent/nodes.conf: cannot open: No such file or directory\n" + kData +
                           ": cannot read: Is a directory\n");
}

TEST(Cli, DirectoryIsTroubleNotACrash) {
    const RunResult r = run_nodesconf({"validate", kData});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, kData + ": cannot read: Is a directory\n");
}

TEST(Cli, UnknownTargetIsBadUsage) {
    const RunResult r = run_nodesconf({"validate", "--target", "redis-9.9", kFresh});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("unknown target 'redis-9.9'"), std::string::npos);
}

TEST(Cli, BadOptionIsExitTwo) {
    EXPECT_EQ(run_nodesconf({"validate", "--no-such-option", kFresh}).exit_code, 2);
    EXPECT_EQ(run_nodesconf({"frobnicate"}).exit_code, 2);
    EXPECT_EQ(run_nodesconf({}).exit_code, 2);
}

TEST(Cli, ValidateJsonDocument) {
    const RunResult r = run_nodesconf({"validate", "--format", "json", kFresh, "/nonexistent"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.out, "{\"schema_version\":1,\"files\":[{\"file\":\"" + kFresh +
                         "\",\"target\":\"redis-7.0.15\",\"target_auto\":true,\"valid\":true,"
                         "\"nodes\":6,\"errors\":0,\"warnings\":0,\"notes\":0,\"findings\":[]},"
                         "{\"file\":\"/nonexistent\",\"error\":\"cannot open: No such file or "
                         "directory\"}]}\n");
}

TEST(Cli, DumpNodesRoundTripsACapture) {
    const RunResult r = run_nodesconf({"dump", "--target", "redis-7.0.15", kFresh});
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_EQ(r.out, read_file(kFresh));
}

TEST(Cli, DumpRefusesAFileTheServerWouldRefuse) {
    const RunResult r = run_nodesconf({"dump", "-"}, "garbage\n");
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(r.out, "");
    EXPECT_NE(r.err.find("too-few-fields"), std::string::npos);
}

TEST(Cli, DumpTableForPeople) {
    const RunResult r =
        run_nodesconf({"dump", "--format", "table",
                       kData + "/redis-7.0.15/c-slots-mid-migration/nodes-7001.conf"});
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_NE(r.out.find("(redis-7.0.15 (auto)): 6 nodes, currentEpoch 6, lastVoteEpoch 0\n"),
              std::string::npos)
        << r.out;
    EXPECT_NE(r.out.find("6b8f9440  127.0.0.1:7001@17001  master,myself"), std::string::npos)
        << r.out;
    EXPECT_NE(r.out.find("  100 importing from 6a3a879d\n"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("  6000 migrating to d26c6faa\n"), std::string::npos) << r.out;
}

TEST(Cli, DumpJsonHasTheModel) {
    const RunResult r = run_nodesconf({"dump", "--format", "json", kFresh});
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_NE(r.out.find("\"schema_version\":1"), std::string::npos);
    EXPECT_NE(r.out.find("\"id\":\"6a3a879d013b1a9093ae811390b2618594e450d6\",\"ip\":\"127.0.0.1\","
                         "\"port\":7000,\"cport\":17000"),
              std::string::npos)
        << r.out;
    EXPECT_NE(r.out.find("\"flags\":[\"myself\",\"master\"]"), std::string::npos);
    EXPECT_NE(r.out.find("\"slots\":[[0,5460]]"), std::string::npos);
    EXPECT_NE(r.out.find("\"vars\":{\"current_epoch\":6,\"last_vote_epoch\":0}"),
              std::string::npos);
}

TEST(Cli, ColourOnlyWhenAsked) {
    const std::string bad = "x\n";
    EXPECT_EQ(run_nodesconf({"validate", "-"}, bad).err.find("\033["), std::string::npos);
    const RunResult coloured = run_nodesconf({"--color", "always", "validate", "-"}, bad);
    EXPECT_NE(coloured.err.find("\033["), std::string::npos);
    EXPECT_NE(coloured.err.find("^"), std::string::npos);  // the caret under the line
}

TEST(Cli, VersionNamesTheRevision) {
    const RunResult r = run_nodesconf({"--version"});
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_EQ(r.out.rfind("nodesconf 0.1.0 (git ", 0), 0u) << r.out;
}

TEST(Cli, QuietSuppressesSummaries) {
    const RunResult r = run_nodesconf({"-q", "validate", kFresh});
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_EQ(r.out, "");
}

// Only the named subcommand is built (issue #7); everything around it must behave as before.
TEST(Cli, TopLevelHelpListsEverySubcommand) {
    const RunResult r = run_nodesconf({"--help"});
    EXPECT_EQ(r.exit_code, 0);
    for (const char* sub : {"validate", "dump", "diff", "check", "bump-epoch", "edit-slots",
                            "remap", "forget", "fix-shard-ids"})
        EXPECT_NE(r.out.find(std::string("\n  ") + sub + " "), std::string::npos) << sub;
}

TEST(Cli, GlobalOptionsBeforeTheSubcommand) {
    const RunResult r = run_nodesconf({"--color", "never", "-q", "validate", kFresh});
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_EQ(r.out, "");
    const RunResult eq = run_nodesconf({"--color=never", "validate", kFresh});
    EXPECT_EQ(eq.exit_code, 0);
    EXPECT_NE(eq.out.find("valid for"), std::string::npos);
}

TEST(Cli, MisspeltSubcommandIsBadUsage) {
    const RunResult r = run_nodesconf({"validat", kFresh});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err,
              "nodesconf: unknown subcommand 'validat' (did you mean 'validate'?)\n"
              "Run with --help for the list.\n");
}

// The command keeps what it frees for the next file. By glibc's defaults each 1000-node file's
// node list is mapped afresh or the heap's top trimmed after it, and every file faults its pages
// in again: measured as the page faults of one run over one file and over 40 copies of it.
TEST(Allocator, ManyFilesFaultInAboutTheMemoryOfOne) {
#if defined(__SANITIZE_ADDRESS__) || !defined(__GLIBC__)
    GTEST_SKIP() << "the command runs on glibc's malloc only in a plain glibc build";
#endif
    std::string text;
    auto id = [](int i) { return fmt::format("{:0>40}", i); };
    for (int m = 0; m < 500; ++m)
        text += fmt::format("{} 10.0.{}.{}:7000@17000 {}master - 0 0 {} connected {}-{}\n", id(m),
                            m / 256, m % 256, m == 0 ? "myself," : "", m + 1, m * 32,
                            m == 499 ? 16383 : m * 32 + 31);
    for (int r = 0; r < 500; ++r)
        text += fmt::format("{} 10.1.{}.{}:7000@17000 slave {} 0 0 {} connected\n", id(500 + r),
                            r / 256, r % 256, id(r), r + 1);
    text += "vars currentEpoch 500 lastVoteEpoch 0\n";
    const ScopedTempDir dir("allocator");
    std::vector<std::string> files;
    for (int i = 0; i < 40; ++i) {
        files.push_back(fmt::format("{}/{}.conf", dir.path(), i));
        write_file(files.back(), text);
    }
    auto faults_validating = [](const std::vector<std::string>& paths) {
        std::vector<std::string> args = {"-q", "validate", "-j", "1"};
        args.insert(args.end(), paths.begin(), paths.end());
        rusage before{}, after{};
        getrusage(RUSAGE_CHILDREN, &before);
        const RunResult result = run_nodesconf(args);
        getrusage(RUSAGE_CHILDREN, &after);
        EXPECT_EQ(result.exit_code, 0) << result.err;
        return after.ru_minflt - before.ru_minflt;
    };
    const long one = faults_validating({files[0]}), all = faults_validating(files);
    // By glibc's defaults, some 50 more a file (2,311 for 40 files against 200 for one, here).
    EXPECT_LT(all - one, 39 * 10) << one << " page faults for one file, " << all << " for 40";
}
