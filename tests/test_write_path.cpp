// The write path (issue #3): the file is always exactly as it was or exactly as intended.
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <random>
#include <set>
#include <thread>

#include <fmt/format.h>

#include "nodesconf/analyze.h"
#include "nodesconf/edit_epochs.h"
#include "nodesconf/edit_session.h"
#include "nodesconf/file_io.h"
#include "nodesconf/select.h"
#include "nodesconf/write.h"
#include "test_support.h"

using namespace nodesconf;
using namespace nodesconf::test;
namespace fs = std::filesystem;

namespace {

std::string node_id(int i) {
    std::mt19937_64 rng(static_cast<std::uint64_t>(i) * 7919 + 17);
    std::string id;
    while (id.size() < 40) id += fmt::format("{:016x}", rng());
    return id.substr(0, 40);
}

// A valid file of `nodes` masters (myself first) on port 1 (nothing listens there), each with a
// hostname tagged `tag`, epochs from `epoch_base`.
std::string big_file(int nodes, std::string_view tag, std::uint64_t epoch_base) {
    std::string out;
    for (int i = 0; i < nodes; ++i) {
        out += fmt::format(
            "{} 10.{}.{}.{}:{}@{},{}-node-{}.cluster.example.internal {} - 0 0 {} connected",
            node_id(i), i / 65536, (i / 256) % 256, i % 256, i == 0 ? 1 : 7000,
            i == 0 ? 10001 : 17000, tag, i, i == 0 ? "myself,master" : "master",
            epoch_base + static_cast<std::uint64_t>(i));
        if (i < kSlotCount) out += fmt::format(" {}", i);
        out += '\n';
    }
    return out + fmt::format("vars currentEpoch {} lastVoteEpoch 0\n",
                             epoch_base + static_cast<std::uint64_t>(nodes));
}

Config load(const std::string& bytes) {
    const Analysis analysis = analyze(bytes, *find_dialect("redis-7.0"));
    EXPECT_FALSE(analysis.result.has_errors());
    return analysis.result.config;
}

// `bytes` is `content`, with at most trailing '\n' padding.
bool same_modulo_padding(std::string_view bytes, std::string_view content) {
    if (!bytes.starts_with(content)) return false;
    return bytes.substr(content.size()).find_first_not_of('\n') == std::string_view::npos;
}

// Replaces the whole model with `target` (an edit that changes every line).
EditFunction become(const Config& target) {
    return [&target](Config& config, const Dialect&, std::size_t) {
        config = target;
        return EditOutcome{};
    };
}

class TempDir : public ::testing::Test {
  protected:
    void SetUp() override { dir_ = make_temp_dir("write"); }
    void TearDown() override { fs::remove_all(dir_); }
    std::string path(const std::string& name) const { return dir_ + "/" + name; }
    std::string dir_;
};

// ---- fault injection ---------------------------------------------------------------------
class FaultySyscalls : public Syscalls {
  public:
    std::string fail_op;
    int fail_at = 0;  // 1-based call number of fail_op to fail; 0 = never
    std::map<std::string, int> calls;

    bool hit(const char* op) {
        const int n = ++calls[op];
        if (op == fail_op && n == fail_at) {
            errno = EIO;
            return true;
        }
        return false;
    }
    int open(const char* p, int f, mode_t m) override {
        return hit("open") ? -1 : Syscalls::open(p, f, m);
    }
    int close(int fd) override {
        if (hit("close")) {
            Syscalls::close(fd);  // the descriptor is gone either way, as with a real close error
            errno = EIO;
            return -1;
        }
        return Syscalls::close(fd);
    }
    int flock(int fd, int op) override { return hit("lock") ? -1 : Syscalls::flock(fd, op); }
    ssize_t pwrite(int fd, const void* b, std::size_t n, off_t o) override {
        if (hit("write")) {
            // Worst case: half of the bytes reach the file before the error.
            if (n > 1) Syscalls::pwrite(fd, b, n / 2, o);
            errno = EIO;
            return -1;
        }
        return Syscalls::pwrite(fd, b, n, o);
    }
    int fsync(int fd) override { return hit("fsync") ? -1 : Syscalls::fsync(fd); }
    int ftruncate(int fd, off_t l) override {
        return hit("ftruncate") ? -1 : Syscalls::ftruncate(fd, l);
    }
    int fallocate(int fd, off_t l) override {
        return hit("fallocate") ? ENOSPC : Syscalls::fallocate(fd, l);
    }
    int rename(const char* a, const char* b) override {
        return hit("rename") ? -1 : Syscalls::rename(a, b);
    }
    int unlink(const char* p) override { return hit("unlink") ? -1 : Syscalls::unlink(p); }
};

}  // namespace

class WritePath : public TempDir {};

TEST_F(WritePath, InPlaceKeepsTheInodeAndLeavesNoPendingCopy) {
    const std::string before = big_file(50, "a", 1), after = big_file(60, "b", 5);
    write_file(path("nodes.conf"), before);
    struct stat st_before, st_after;
    ::stat(path("nodes.conf").c_str(), &st_before);
    const Config target = load(after);
    const EditReport report = edit_files({path("nodes.conf")}, {}, become(target));
    ASSERT_EQ(report.outcome, EditReport::done) << report.error;
    EXPECT_EQ(report.files[0].status, FileReport::written);
    EXPECT_TRUE(read_file(path("nodes.conf")) == after);
    ::stat(path("nodes.conf").c_str(), &st_after);
    EXPECT_EQ(st_before.st_ino, st_after.st_ino);
    EXPECT_FALSE(fs::exists(pending_path(path("nodes.conf"))));
    // Shrinking: padded then truncated to the real length.
    const Config small = load(before);
    ASSERT_EQ(edit_files({path("nodes.conf")}, {}, become(small)).outcome, EditReport::done);
    EXPECT_TRUE(read_file(path("nodes.conf")) == before);
}

TEST_F(WritePath, ReplaceMakesANewInodeWithTheSameMode) {
    const std::string before = big_file(10, "a", 1), after = big_file(10, "b", 3);
    write_file(path("nodes.conf"), before);
    ::chmod(path("nodes.conf").c_str(), 0640);
    struct stat st_before, st_after;
    ::stat(path("nodes.conf").c_str(), &st_before);
    WriteOptions options;
    options.replace = true;
    const Config target = load(after);
    ASSERT_EQ(edit_files({path("nodes.conf")}, options, become(target)).outcome, EditReport::done);
    ::stat(path("nodes.conf").c_str(), &st_after);
    EXPECT_NE(st_before.st_ino, st_after.st_ino);
    EXPECT_EQ(st_after.st_mode & 07777, 0640u);
    EXPECT_TRUE(read_file(path("nodes.conf")) == after);
}

TEST_F(WritePath, BackupHoldsTheOldBytes) {
    const std::string before = big_file(10, "a", 1);
    write_file(path("nodes.conf"), before);
    WriteOptions options;
    options.backup = "";
    const Config target = load(big_file(10, "b", 2));
    ASSERT_EQ(edit_files({path("nodes.conf")}, options, become(target)).outcome, EditReport::done);
    EXPECT_TRUE(read_file(path("nodes.conf.bak")) == before);
    options.backup = path("elsewhere.conf");
    const Config again = load(before);
    ASSERT_EQ(edit_files({path("nodes.conf")}, options, become(again)).outcome, EditReport::done);
    EXPECT_TRUE(read_file(path("elsewhere.conf")) == big_file(10, "b", 2));
}

TEST_F(WritePath, MissingFileIsNeverCreated) {
    const EditReport report =
        edit_files({path("missing.conf")}, {},
                   [](Config&, const Dialect&, std::size_t) { return EditOutcome{}; });
    EXPECT_EQ(report.outcome, EditReport::failed);
    EXPECT_EQ(report.error, path("missing.conf") + ": cannot open: No such file or directory");
    EXPECT_FALSE(fs::exists(path("missing.conf")));
}

TEST_F(WritePath, NothingChangedMeansNothingWritten) {
    const std::string before = big_file(10, "a", 1);
    write_file(path("nodes.conf"), before);
    struct stat st_before, st_after;
    ::stat(path("nodes.conf").c_str(), &st_before);
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    const EditReport report =
        edit_files({path("nodes.conf")}, {},
                   [](Config&, const Dialect&, std::size_t) { return EditOutcome{}; });
    ASSERT_EQ(report.outcome, EditReport::done);
    EXPECT_EQ(report.files[0].status, FileReport::unchanged);
    ::stat(path("nodes.conf").c_str(), &st_after);
    EXPECT_EQ(st_before.st_mtim.tv_nsec, st_after.st_mtim.tv_nsec);
}

TEST_F(WritePath, AResultTheServerWouldRefuseIsNeverWritten) {
    const std::string before = big_file(10, "a", 1);
    write_file(path("nodes.conf"), before);
    const EditReport report =
        edit_files({path("nodes.conf")}, {}, [](Config& config, const Dialect&, std::size_t) {
            config.nodes[0].flags &= static_cast<std::uint16_t>(~kMyself);  // no myself: fmterr
            return EditOutcome{};
        });
    EXPECT_EQ(report.outcome, EditReport::refused);
    EXPECT_NE(report.error.find("would not load the result"), std::string::npos) << report.error;
    ASSERT_FALSE(report.findings.empty());
    EXPECT_EQ(report.findings[0].code, Code::no_myself);
    EXPECT_TRUE(read_file(path("nodes.conf")) == before);
}

TEST_F(WritePath, AnInvalidInputIsNotEdited) {
    write_file(path("nodes.conf"), "garbage\n");
    const EditReport report =
        edit_files({path("nodes.conf")}, {},
                   [](Config&, const Dialect&, std::size_t) { return EditOutcome{}; });
    EXPECT_EQ(report.outcome, EditReport::refused);
    EXPECT_TRUE(read_file(path("nodes.conf")) == "garbage\n");
}

TEST_F(WritePath, HeldLockIsBusyAndWaitWaits) {
    const std::string before = big_file(10, "a", 1);
    write_file(path("nodes.conf"), before);
    const int fd = ::open(path("nodes.conf").c_str(), O_RDONLY);
    ASSERT_EQ(::flock(fd, LOCK_EX), 0);
    const Config target = load(big_file(10, "b", 2));
    // Our own lock is on another open file description: it blocks us like another process would.
    EditReport report = edit_files({path("nodes.conf")}, {}, become(target));
    EXPECT_EQ(report.outcome, EditReport::busy);
    EXPECT_NE(report.error.find(path("nodes.conf") + ": in use, not changed: "), std::string::npos)
        << report.error;
    std::thread release([fd] {
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        ::close(fd);
    });
    WriteOptions options;
    options.wait_seconds = 10;
    report = edit_files({path("nodes.conf")}, options, become(target));
    release.join();
    EXPECT_EQ(report.outcome, EditReport::done) << report.error;
    EXPECT_TRUE(read_file(path("nodes.conf")) == big_file(10, "b", 2));
}

TEST_F(WritePath, LockOnAnEarlierDeletedInodeIsBusy) {
    // What a 7.2+ server leaves: its flock on the inode its first save renamed away.
    const std::string before = big_file(10, "a", 1);
    write_file(path("nodes.conf"), before);
    int ready[2];
    ASSERT_EQ(::pipe(ready), 0);
    const pid_t child = ::fork();
    if (child == 0) {
        const int fd = ::open(path("nodes.conf").c_str(), O_RDWR);
        ::flock(fd, LOCK_EX);
        (void)!::write(ready[1], "x", 1);
        ::pause();
        ::_exit(0);
    }
    char x;
    ASSERT_EQ(::read(ready[0], &x, 1), 1);
    write_file(path("nodes.conf.new"), before);
    ASSERT_EQ(::rename(path("nodes.conf.new").c_str(), path("nodes.conf").c_str()), 0);
    const Config target = load(big_file(10, "b", 2));
    const EditReport report = edit_files({path("nodes.conf")}, {}, become(target));
    ::kill(child, SIGKILL);
    ::waitpid(child, nullptr, 0);
    EXPECT_EQ(report.outcome, EditReport::busy);
    EXPECT_NE(report.error.find(fmt::format("pid {}", child)), std::string::npos) << report.error;
    EXPECT_NE(report.error.find("earlier, deleted inode"), std::string::npos) << report.error;
    EXPECT_TRUE(read_file(path("nodes.conf")) == before);
}

// A reader sizes its read from the stat it takes under the lock. Should that size be stale (the
// file grew or shrank after it), the read still ends at the file's real end, nothing cut off.
namespace {
class StaleSizeSyscalls : public Syscalls {
  public:
    explicit StaleSizeSyscalls(off_t size) : size_(size) {}
    int stat(const char* p, struct stat* st) override {
        const int rc = Syscalls::stat(p, st);
        if (rc == 0) st->st_size = size_;
        return rc;
    }

  private:
    off_t size_;
};
}  // namespace

TEST_F(WritePath, ReadsToTheRealEndWhateverSizeTheLockedStatSaid) {
    const std::string content = big_file(3000, "a", 1);  // several hundred KB
    write_file(path("nodes.conf"), content);
    for (const off_t said :
         {off_t{0}, off_t{1}, off_t{4096}, static_cast<off_t>(content.size()) * 3}) {
        StaleSizeSyscalls sys(said);
        LockedFile::Failure failure;
        auto file = LockedFile::open(path("nodes.conf"), {false, 0}, failure, sys);
        ASSERT_TRUE(file) << failure.message();
        EXPECT_EQ(file->bytes().size(), content.size()) << "stat said " << said;
        EXPECT_TRUE(file->bytes() == content) << "stat said " << said;
    }
}

TEST_F(WritePath, ListenerOnMyselfPortIsBusyUnlessForced) {
    const int sock = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(::bind(sock, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    ASSERT_EQ(::listen(sock, 1), 0);
    socklen_t len = sizeof addr;
    ::getsockname(sock, reinterpret_cast<sockaddr*>(&addr), &len);
    const int port = ntohs(addr.sin_port);
    const std::string before = fmt::format(
        "{} 127.0.0.1:{}@{} myself,master - 0 0 1 connected 0-16383\nvars currentEpoch 1 "
        "lastVoteEpoch 0\n",
        node_id(1), port, port + 10000);
    write_file(path("nodes.conf"), before);
    auto bump = [](Config& config, const Dialect&, std::size_t) {
        BumpResult r;
        bump_epoch(config, config.myself(), r);
        config.nodes[0].config_epoch += 1;
        return EditOutcome{};
    };
    EditReport report = edit_files({path("nodes.conf")}, {}, bump);
    EXPECT_EQ(report.outcome, EditReport::busy);
    EXPECT_NE(report.error.find(fmt::format("listens on port {}", port)), std::string::npos)
        << report.error;
    EXPECT_NE(report.error.find(fmt::format("pid {}", ::getpid())), std::string::npos)
        << report.error;
    EXPECT_TRUE(read_file(path("nodes.conf")) == before);
    WriteOptions options;
    options.force = true;
    report = edit_files({path("nodes.conf")}, options, bump);
    EXPECT_EQ(report.outcome, EditReport::done) << report.error;
    ::close(sock);
}

// Every system call of the write path fails once, at each of its calls in turn: the file is then
// byte-identical to before or to the intended result, and the error names the file and the step.
TEST_F(WritePath, FaultAtEveryStepLeavesOldOrNew) {
    const std::string before = big_file(40, "a", 1);
    int cases = 0;
    for (const bool replace : {false, true}) {
        for (const std::string& after :
             std::vector<std::string>{big_file(55, "bb", 9), big_file(30, "c", 9)}) {
            const Config target = load(after);
            WriteOptions options;
            options.replace = replace;
            options.backup = "";
            FaultySyscalls counting;
            write_file(path("nodes.conf"), before);
            ASSERT_EQ(edit_files({path("nodes.conf")}, options, become(target), counting).outcome,
                      EditReport::done);
            for (const auto& [op, count] : counting.calls) {
                for (int k = 1; k <= count; ++k) {
                    SCOPED_TRACE(fmt::format("replace={} grow={} fail {} #{}", replace,
                                             after.size() > before.size(), op, k));
                    fs::remove(path("nodes.conf.bak"));
                    write_file(path("nodes.conf"), before);
                    FaultySyscalls faulty;
                    faulty.fail_op = op;
                    faulty.fail_at = k;
                    const EditReport report =
                        edit_files({path("nodes.conf")}, options, become(target), faulty);
                    const std::string now = read_file(path("nodes.conf"));
                    EXPECT_TRUE(now == before || now == after) << "torn file after failing " << op;
                    if (report.outcome != EditReport::done) {
                        EXPECT_EQ(report.error.rfind(path("nodes.conf"), 0), 0u) << report.error;
                        EXPECT_TRUE(report.error.find(op == "lock" ? "lock" : op) !=
                                        std::string::npos ||
                                    report.error.find("cannot") != std::string::npos)
                            << report.error;
                    }
                    // Whatever happened, the next command sees old or new and nothing pending.
                    LockedFile::Failure failure;
                    auto file = LockedFile::open(path("nodes.conf"), {}, failure);
                    ASSERT_TRUE(file) << failure.message();
                    EXPECT_TRUE(file->bytes() == before || file->bytes() == after);
                    EXPECT_FALSE(fs::exists(pending_path(path("nodes.conf"))));
                    ++cases;
                }
            }
        }
    }
    EXPECT_GT(cases, 40);
    std::printf("fault injection: %d single-failure cases, each left the old or the new file\n",
                cases);
}

TEST_F(WritePath, RecoveryRollsForwardATornFile) {
    const std::string before = big_file(40, "a", 1), after = big_file(50, "bb", 9);
    // A torn in-place write: the new bytes' first half over the old file, then the old tail.
    std::string torn = after.substr(0, after.size() / 2) +
                       before.substr(std::min(before.size(), after.size() / 2));
    write_file(path("nodes.conf"), torn);
    write_file(
        pending_path(path("nodes.conf")),
        fmt::format("nodesconf-pending 1 {} {}\n", before.size(), after.size()) + before + after);
    const RunResult r = run_nodesconf({"validate", path("nodes.conf")});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.err.find("note: completed an interrupted rewrite from " +
                         pending_path(path("nodes.conf")) + " [rewrite-completed]"),
              std::string::npos)
        << r.err;
    EXPECT_TRUE(read_file(path("nodes.conf")) == after);
    EXPECT_FALSE(fs::exists(pending_path(path("nodes.conf"))));
}

TEST_F(WritePath, RecoveryRefusesWhenTheFileChangedSince) {
    const std::string before = big_file(10, "a", 1), after = big_file(10, "b", 2);
    const std::string someone_elses = big_file(12, "z", 5);
    write_file(path("nodes.conf"), someone_elses);
    write_file(
        pending_path(path("nodes.conf")),
        fmt::format("nodesconf-pending 1 {} {}\n", before.size(), after.size()) + before + after);
    const RunResult r = run_nodesconf({"bump-epoch", path("nodes.conf")});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("has changed since"), std::string::npos) << r.err;
    EXPECT_TRUE(read_file(path("nodes.conf")) == someone_elses);
    EXPECT_TRUE(fs::exists(pending_path(path("nodes.conf"))));
}

TEST_F(WritePath, ReaderThatCannotRepairSaysSo) {
    const std::string before = big_file(10, "a", 1), after = big_file(10, "b", 2);
    write_file(path("nodes.conf"), before);
    write_file(
        pending_path(path("nodes.conf")),
        fmt::format("nodesconf-pending 1 {} {}\n", before.size(), after.size()) + before + after);
    const int fd = ::open(path("nodes.conf").c_str(), O_RDONLY);
    ASSERT_EQ(::flock(fd, LOCK_SH), 0);  // a shared holder: readers get in, a repair cannot
    const RunResult r = run_nodesconf({"validate", path("nodes.conf")});
    ::close(fd);
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_NE(r.err.find("[pending-rewrite]"), std::string::npos) << r.err;
    EXPECT_TRUE(read_file(path("nodes.conf")) == before);
}

TEST_F(WritePath, ReaderNamesTheLockHolder) {
    write_file(path("nodes.conf"), big_file(10, "a", 1));
    const int fd = ::open(path("nodes.conf").c_str(), O_RDONLY);
    ASSERT_EQ(::flock(fd, LOCK_EX), 0);
    const pid_t child = ::fork();  // the holder must be another process for /proc/locks to name it
    if (child == 0) {
        ::pause();
        ::_exit(0);
    }
    const RunResult r = run_nodesconf({"validate", path("nodes.conf")});
    const RunResult strict = run_nodesconf({"validate", "--require-unlocked", path("nodes.conf")});
    ::kill(child, SIGKILL);
    ::waitpid(child, nullptr, 0);
    ::close(fd);
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_NE(r.err.find("note: read while pid"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("holds the lock on it [file-in-use]"), std::string::npos) << r.err;
    EXPECT_EQ(strict.exit_code, 1);
    EXPECT_NE(strict.err.find(": in use: pid"), std::string::npos) << strict.err;
    EXPECT_EQ(run_nodesconf({"validate", "--require-unlocked", path("nodes.conf")}).exit_code, 0);
}

// ---- SIGKILL at random moments ---------------------------------------------------------
namespace {
struct KillStats {
    int kills = 0, torn_before_recovery = 0, rolled_forward = 0, old_after = 0, new_after = 0;
};

KillStats kill_loop(const std::string& file, bool replace, int iterations, const std::string& a,
                    const std::string& b) {
    const Config config_a = load(a), config_b = load(b);
    std::mt19937 rng(12345 + (replace ? 1 : 0));
    KillStats stats;
    // One rewrite's duration, to spread the kills over whole rewrites.
    write_file(file, a);
    WriteOptions options;
    options.replace = replace;
    const auto t0 = std::chrono::steady_clock::now();
    for (int i = 0; i < 4; ++i) edit_files({file}, options, become(i % 2 ? config_a : config_b));
    const auto cycle_us = std::max<long>(
        1000,
        std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - t0)
                .count() /
            4);
    for (int i = 0; i < iterations; ++i) {
        write_file(file, a);
        const pid_t child = ::fork();
        if (child == 0) {
            for (int n = 0;; ++n) edit_files({file}, options, become(n % 2 ? config_a : config_b));
        }
        std::this_thread::sleep_for(std::chrono::microseconds(rng() % (3 * cycle_us)));
        ::kill(child, SIGKILL);
        ::waitpid(child, nullptr, 0);
        ++stats.kills;
        const std::string raw = read_file(file);
        if (!same_modulo_padding(raw, a) && !same_modulo_padding(raw, b))
            ++stats.torn_before_recovery;
        const bool pending = fs::exists(pending_path(file));
        const RunResult r = run_nodesconf({"-q", "validate", file});
        if (r.err.find("[rewrite-completed]") != std::string::npos) ++stats.rolled_forward;
        EXPECT_FALSE(pending && r.err.find("[rewrite-completed]") == std::string::npos) << r.err;
        const std::string now = read_file(file);
        if (same_modulo_padding(now, a))
            ++stats.old_after;
        else if (same_modulo_padding(now, b))
            ++stats.new_after;
        else
            ADD_FAILURE() << "kill " << i << ": the file is neither the old nor the new content";
        EXPECT_EQ(r.exit_code, 0) << r.err;
        for (const auto& entry :
             fs::directory_iterator(fs::path(file).parent_path()))  // leftover temp files
            if (entry.path().string().find(".tmp-") != std::string::npos ||
                entry.path().string().find(".nodesconf-tmp-") != std::string::npos)
                fs::remove(entry.path());
    }
    return stats;
}
int kill_iterations() {
    const char* env = std::getenv("NODESCONF_KILL_ITERATIONS");
    return env ? std::max(1, std::atoi(env)) : 200;
}
}  // namespace

TEST_F(WritePath, SigkillAtRandomMomentsInPlace) {
    const std::string a = big_file(8000, "a", 1), b = big_file(8000, "bbbb", 100000);
    ASSERT_GE(a.size(), 1u << 20);
    const KillStats s = kill_loop(path("nodes.conf"), false, kill_iterations(), a, b);
    std::printf(
        "in place, %zu -> %zu bytes: %d kills, %d left a torn file, %d completed by the next "
        "command "
        "from the pending copy; afterwards %d old, %d new, 0 other\n",
        a.size(), b.size(), s.kills, s.torn_before_recovery, s.rolled_forward, s.old_after,
        s.new_after);
    EXPECT_EQ(s.old_after + s.new_after, s.kills);
}

TEST_F(WritePath, SigkillAtRandomMomentsReplace) {
    const std::string a = big_file(8000, "a", 1), b = big_file(8000, "bbbb", 100000);
    const KillStats s = kill_loop(path("nodes.conf"), true, kill_iterations(), a, b);
    std::printf(
        "--replace, %zu -> %zu bytes: %d kills, %d left a torn file; afterwards %d old, %d new, 0 "
        "other\n",
        a.size(), b.size(), s.kills, s.torn_before_recovery, s.old_after, s.new_after);
    EXPECT_EQ(s.torn_before_recovery, 0);
    EXPECT_EQ(s.old_after + s.new_after, s.kills);
}

// ---- a full disk ----------------------------------------------------------------------------
TEST_F(WritePath, FullDiskFailsCleanly) {
    const std::string mnt = path("small");
    fs::create_directory(mnt);
    const bool mounted = ::mount("tmpfs", mnt.c_str(), "tmpfs", 0, "size=256k") == 0;
    const std::string file = mounted ? mnt + "/nodes.conf" : path("nodes.conf");
    const std::string before = big_file(600, "a", 1);  // ~100 KB
    const std::string after = big_file(2600, "a", 1);  // ~260 KB: cannot fit beside it
    ASSERT_LT(before.size(), 128u * 1024);
    ASSERT_GT(after.size(), 256u * 1024);
    write_file(file, before);
    const Config target = load(after);
    int checked = 0;
    for (const bool replace : {false, true}) {
        WriteOptions options;
        options.replace = replace;
        EditReport report;
        if (mounted) {
            report = edit_files({file}, options, become(target));
        } else {
            // No mount allowed: a file size limit in a child stands in for the full disk.
            int pipefd[2];
            ASSERT_EQ(::pipe(pipefd), 0);
            const pid_t child = ::fork();
            if (child == 0) {
                ::signal(SIGXFSZ, SIG_IGN);
                rlimit limit{before.size() + 4096, before.size() + 4096};
                ::setrlimit(RLIMIT_FSIZE, &limit);
                const EditReport r = edit_files({file}, options, become(target));
                const std::string message = r.error;
                (void)!::write(pipefd[1], message.data(), message.size());
                ::_exit(r.outcome == EditReport::failed ? 0 : 1);
            }
            ::close(pipefd[1]);
            char buffer[4096];
            const ssize_t n = ::read(pipefd[0], buffer, sizeof buffer);
            ::close(pipefd[0]);
            int status;
            ::waitpid(child, &status, 0);
            report.outcome = WEXITSTATUS(status) == 0 ? EditReport::failed : EditReport::done;
            report.error.assign(buffer, n > 0 ? static_cast<std::size_t>(n) : 0);
        }
        EXPECT_EQ(report.outcome, EditReport::failed);
        EXPECT_EQ(report.error.rfind(file, 0), 0u) << report.error;
        EXPECT_TRUE(report.error.find("No space left on device") != std::string::npos ||
                    report.error.find("File too large") != std::string::npos)
            << report.error;
        EXPECT_TRUE(read_file(file) == before) << "the original changed";
        for (const auto& entry : fs::directory_iterator(fs::path(file).parent_path()))
            EXPECT_EQ(entry.path().string(), file) << "left behind: " << entry.path();
        std::printf("full disk (%s, %s): %s\n", mounted ? "256 KiB tmpfs" : "RLIMIT_FSIZE",
                    replace ? "--replace" : "in place", report.error.c_str());
        ++checked;
    }
    if (mounted) ::umount(mnt.c_str());
    EXPECT_EQ(checked, 2);
}

// ---- 8 writers at once ------------------------------------------------------------------
TEST_F(WritePath, EightWritersFiftyEditsEachLoseNothing) {
    // 400 masters at configEpoch 0: bumping each one once must leave 400 distinct epochs 1..400.
    const int writers = 8, edits = 50, masters = writers * edits;
    std::string conf;
    for (int i = 0; i <= masters; ++i)
        conf += fmt::format("{} 10.0.{}.{}:{}@{} {} - 0 0 0 connected{}\n", node_id(i), i / 256,
                            i % 256, i == 0 ? 1 : 7000, i == 0 ? 10001 : 17000,
                            i == 0 ? "myself,master" : "master", i == 0 ? " 0-16383" : "");
    conf += "vars currentEpoch 0 lastVoteEpoch 0\n";
    write_file(path("nodes.conf"), conf);
    std::vector<pid_t> children;
    for (int w = 0; w < writers; ++w) {
        std::string script = "set -e;";
        for (int e = 0; e < edits; ++e)
            script += fmt::format(" {} -q bump-epoch --wait=120 --node {} {} >/dev/null;",
                                  NODESCONF_BIN, node_id(1 + w * edits + e), path("nodes.conf"));
        const pid_t pid = ::fork();
        if (pid == 0) {
            ::execl("/bin/sh", "sh", "-c", script.c_str(), nullptr);
            ::_exit(127);
        }
        children.push_back(pid);
    }
    for (pid_t pid : children) {
        int status;
        ::waitpid(pid, &status, 0);
        EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    }
    const std::string result = read_file(path("nodes.conf"));
    const Analysis analysis = analyze(result, *find_dialect("redis-7.0"));
    ASSERT_FALSE(analysis.result.has_errors());
    const Config& config = analysis.result.config;
    std::set<std::uint64_t> epochs;
    for (int i = 1; i <= masters; ++i)
        epochs.insert(config.nodes[config.find(NodeId::from_text(node_id(i)))].config_epoch);
    EXPECT_EQ(epochs.size(), static_cast<std::size_t>(masters));
    EXPECT_EQ(*epochs.begin(), 1u);
    EXPECT_EQ(*epochs.rbegin(), static_cast<std::uint64_t>(masters));
    EXPECT_EQ(config.vars.current_epoch, static_cast<std::uint64_t>(masters));
    std::printf("%d writers x %d edits: %zu distinct epochs, currentEpoch %llu\n", writers, edits,
                epochs.size(), static_cast<unsigned long long>(config.vars.current_epoch));
}

// ---- epoch edits and node selection --------------------------------------------------------
TEST(Epochs, BumpFollowsClusterBumpEpoch) {
    Config config = load(big_file(3, "a", 0));  // epochs 0, 1, 2; currentEpoch 3
    BumpResult r;
    ASSERT_FALSE(bump_epoch(config, 0, r));  // epoch 0: always bumped
    EXPECT_TRUE(r.bumped);
    EXPECT_EQ(r.epoch, 4u);
    ASSERT_FALSE(bump_epoch(config, 0, r));  // now the unique maximum: STILL
    EXPECT_FALSE(r.bumped);
    EXPECT_EQ(r.epoch, 4u);
    config.nodes[1].config_epoch = 4;  // shares the maximum: still STILL for both
    ASSERT_FALSE(bump_epoch(config, 1, r));
    EXPECT_FALSE(r.bumped);
    config.vars.current_epoch = UINT64_MAX;
    EXPECT_TRUE(bump_epoch(config, 2, r).has_value());
}

TEST(Epochs, CollisionsResolvedGreatestIdKeeps) {
    Config config = load(big_file(4, "a", 5));
    for (Node& n : config.nodes) n.config_epoch = 5;
    config.vars.current_epoch = 9;
    std::vector<std::string> changes;
    ASSERT_FALSE(resolve_epoch_collisions(config, changes));
    EXPECT_EQ(changes.size(), 3u);
    std::int32_t greatest = 0;
    for (std::size_t i = 1; i < config.nodes.size(); ++i)
        if (config.nodes[greatest].id < config.nodes[i].id) greatest = static_cast<std::int32_t>(i);
    EXPECT_EQ(config.nodes[greatest].config_epoch, 5u);
    std::set<std::uint64_t> distinct;
    for (const Node& n : config.nodes) distinct.insert(n.config_epoch);
    EXPECT_EQ(distinct, (std::set<std::uint64_t>{5, 10, 11, 12}));
    EXPECT_EQ(config.vars.current_epoch, 12u);
}

TEST(Epochs, SetCurrentNeverLowers) {
    Config config = load(big_file(3, "a", 4));  // epochs 4..6, currentEpoch 7
    EXPECT_TRUE(set_current_epoch(config, 6).has_value());
    config.vars.current_epoch = 2;
    EXPECT_TRUE(set_current_epoch(config, 5).has_value());  // below configEpoch 6
    EXPECT_FALSE(set_current_epoch(config, 9).has_value());
    EXPECT_EQ(config.vars.current_epoch, 9u);
}

TEST(Select, ByIdPrefixAddressHostnameAndMyself) {
    const Config config = load(big_file(3, "a", 1));
    std::string error;
    EXPECT_EQ(select_node(config, "myself", error), 0);
    EXPECT_EQ(select_node(config, node_id(2), error), 2);
    EXPECT_EQ(select_node(config, node_id(1).substr(0, 6), error), 1);
    EXPECT_EQ(select_node(config, "10.0.0.2:7000", error), 2);
    EXPECT_EQ(select_node(config, "a-node-1.cluster.example.internal", error), 1);
    EXPECT_EQ(select_node(config, "nope", error), kNoNode);
    EXPECT_NE(error.find("no node matches 'nope'"), std::string::npos);
    error.clear();
    EXPECT_EQ(select_node(config, "", error), kNoNode);
}

TEST(Select, AmbiguousPrefixListsCandidates) {
    Config config = load(big_file(2, "a", 1));
    std::string error;
    const std::string common = node_id(0).substr(0, 1);
    config.nodes[1].id = NodeId::from_text(common + node_id(1).substr(1));
    EXPECT_EQ(select_node(config, common, error), kNoNode);
    EXPECT_NE(error.find("matches 2 nodes by id prefix"), std::string::npos) << error;
    EXPECT_NE(error.find(std::string(config.nodes[1].id.view())), std::string::npos) << error;
}
