// Limits (issue #9): huge files, huge lines, many nodes, many findings, and things that are not
// files. Bounded memory (peak RSS of the real binary) and clear errors; nothing written.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <random>

#include <fmt/format.h>

#include "test_support.h"

using namespace nodesconf::test;
namespace fs = std::filesystem;

namespace {

struct Measured {
    int exit_code;
    long peak_rss_kb;
    std::string err;
};

// Runs nodesconf with stderr to a file; returns its exit code and peak RSS.
Measured measure(const std::vector<std::string>& args, const std::string& dir) {
    const std::string err_path = dir + "/stderr";
    const pid_t pid = ::fork();
    if (pid == 0) {
        const int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        ::dup2(err, 2);
        const int null = ::open("/dev/null", O_WRONLY);
        ::dup2(null, 1);
        std::vector<char*> argv{const_cast<char*>(NODESCONF_BIN)};
        for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        ::execv(NODESCONF_BIN, argv.data());
        ::_exit(127);
    }
    int status = 0;
    rusage usage{};
    ::wait4(pid, &status, 0, &usage);
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, usage.ru_maxrss, read_file(err_path)};
}

// Memory bounds hold for the real build; ASan's shadow memory makes them meaningless there (the
// sanitized run still checks everything else).
#ifdef NODESCONF_SANITIZED
#define EXPECT_RSS_BELOW(kb, bound) (void)(kb)
#else
#define EXPECT_RSS_BELOW(kb, bound) EXPECT_LT(kb, bound)
#endif

std::string id(std::uint64_t i) {
    return fmt::format("{:040x}", i * 0x9e3779b97f4a7c15ull);
}

class Limits : public ::testing::Test {
  protected:
    void SetUp() override { dir_ = make_temp_dir("limits"); }
    void TearDown() override { fs::remove_all(dir_); }
    std::string dir_;
};

}  // namespace

TEST_F(Limits, HundredThousandNodes) {
    std::string text;
    for (std::uint64_t i = 0; i < 100000; ++i)
        text += fmt::format("{} 10.{}.{}.{}:7000@17000 {} - 0 0 {} connected{}\n", id(i + 1),
                            i >> 16, (i >> 8) & 255, i & 255, i == 0 ? "myself,master" : "master",
                            i + 1, i < 16384 ? fmt::format(" {}", i) : "");
    text += "vars currentEpoch 100000 lastVoteEpoch 0\n";
    write_file(dir_ + "/nodes.conf", text);
    const Measured m = measure({"validate", dir_ + "/nodes.conf"}, dir_);
    EXPECT_EQ(m.exit_code, 0) << m.err.substr(0, 500);
    std::printf("100,000 nodes (%zu bytes): peak RSS %ld KiB\n", text.size(), m.peak_rss_kb);
    EXPECT_RSS_BELOW(m.peak_rss_kb, 200 * 1024);  // ~2 KB a node at most: no per-node slot bitsets
}

TEST_F(Limits, HundredMegabyteFile) {
    // 100 MB: one node line and then blank lines and a long tail of well-formed replicas of it.
    std::string text = id(1) + " 127.0.0.1:7000@17000 myself,master - 0 0 1 connected 0-16383\n";
    std::uint64_t i = 2;
    for (; text.size() < 100u * 1024 * 1024; ++i)
        text += fmt::format("{} 10.0.0.1:{}@{} slave {} 0 0 1 connected\n", id(i), 7000 + i % 50000,
                            17000, id(1));
    text += "vars currentEpoch 1 lastVoteEpoch 0\n";
    write_file(dir_ + "/nodes.conf", text);
    const Measured m = measure({"validate", "-q", dir_ + "/nodes.conf"}, dir_);
    EXPECT_NE(m.exit_code, 2) << m.err.substr(0, 500);
    std::printf("%zu-byte file, %llu nodes: exit %d, peak RSS %ld KiB\n", text.size(),
                static_cast<unsigned long long>(i - 1), m.exit_code, m.peak_rss_kb);
    EXPECT_RSS_BELOW(m.peak_rss_kb, 6L * 100 * 1024);  // a few times the file: linear, not worse
}

TEST_F(Limits, ThreeMegabyteLine) {
    std::string line = id(1) + " 127.0.0.1:7000@17000 myself,master - 0 0 1 connected";
    while (line.size() < 3u * 1024 * 1024) line += " 0-16383";
    write_file(dir_ + "/nodes.conf", line + "\nvars currentEpoch 1 lastVoteEpoch 0\n");
    const Measured m = measure({"validate", dir_ + "/nodes.conf"}, dir_);
    EXPECT_EQ(m.exit_code, 1);
    EXPECT_NE(
        m.err.find(":1:2098176: warning: line is longer than the server's 2098175-byte buffer"),
        std::string::npos)
        << m.err.substr(0, 500);
    EXPECT_RSS_BELOW(m.peak_rss_kb, 64 * 1024);
}

TEST_F(Limits, TenThousandFindingsAndMore) {
    std::string text = id(1) + " 127.0.0.1:7000@17000 myself,master - 0 0 1 connected 0-16383\n";
    for (int i = 0; i < 30000; ++i)
        text += fmt::format("{} 127.0.0.1:7001@17001 master - 0 0 2 connected 5x\n", id(100 + i));
    text += "vars currentEpoch 2 lastVoteEpoch 0\n";
    write_file(dir_ + "/nodes.conf", text);
    const Measured m = measure({"validate", dir_ + "/nodes.conf"}, dir_);
    EXPECT_EQ(m.exit_code, 0);
    std::size_t lines = 0;
    for (char c : m.err) lines += c == '\n';
    EXPECT_EQ(lines, 10001u);  // 10,000 findings, then one line counting the rest
    EXPECT_NE(m.err.find("more findings not shown"), std::string::npos);
    EXPECT_RSS_BELOW(m.peak_rss_kb, 64 * 1024);
}

TEST_F(Limits, ThingsThatAreNotFiles) {
    const std::string fifo = dir_ + "/fifo";
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    for (const std::string& path : {std::string("/dev/zero"), fifo, dir_}) {
        SCOPED_TRACE(path);
        const RunResult v = run_nodesconf({"validate", path});
        EXPECT_EQ(v.exit_code, 2);
        EXPECT_TRUE(v.err.find(": cannot read: ") != std::string::npos) << v.err;
        const RunResult e = run_nodesconf({"bump-epoch", path});
        EXPECT_EQ(e.exit_code, 2);
        EXPECT_TRUE(e.err.find(": cannot read: ") != std::string::npos ||
                    e.err.find(": cannot open: ") != std::string::npos)
            << e.err;
    }
    EXPECT_EQ(run_nodesconf({"validate", "/dev/zero"}).err,
              "/dev/zero: cannot read: not a regular file\n");
}

TEST_F(Limits, BinaryJunkIsReportedNeverCrashesAndIsNotEdited) {
    std::mt19937 rng(7);
    std::string junk(256 * 1024, '\0');
    for (char& c : junk) c = static_cast<char>(rng());
    write_file(dir_ + "/nodes.conf", junk);
    const RunResult v = run_nodesconf({"validate", dir_ + "/nodes.conf"});
    EXPECT_EQ(v.exit_code, 1);  // what the server would do with these bytes, as findings
    EXPECT_NE(v.err.find(": error: "), std::string::npos);
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"bump-epoch", dir_ + "/nodes.conf"}, {"dump", dir_ + "/nodes.conf"}}) {
        const RunResult r = run_nodesconf(args);
        EXPECT_EQ(r.exit_code, 1) << args[0];
    }
    EXPECT_TRUE(read_file(dir_ + "/nodes.conf") == junk);
}

TEST_F(Limits, FileThatOpensButCannotBeRead) {
    // Even root cannot read its own /proc/self/mem from offset 0: the read itself fails.
    const RunResult r = run_nodesconf({"validate", "/proc/self/mem"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, "/proc/self/mem: cannot read: Input/output error\n");
}

TEST_F(Limits, UnreadableFile) {
    if (::geteuid() == 0)
        GTEST_SKIP() << "root reads every file (see FileThatOpensButCannotBeRead)";
    write_file(dir_ + "/nodes.conf", "x\n");
    ::chmod((dir_ + "/nodes.conf").c_str(), 0);
    EXPECT_EQ(run_nodesconf({"validate", dir_ + "/nodes.conf"}).exit_code, 2);
}
