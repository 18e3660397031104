// Safe file I/O for nodes.conf (format.md §3, §7): locking, live-server detection, and rewrites
// that leave the file either exactly as it was or exactly as intended. Every system call goes
// through `Syscalls`, so tests can inject a failure at any step.
#pragma once

#include <sys/stat.h>
#include <sys/types.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace nodesconf {

class Syscalls {
  public:
    virtual ~Syscalls() = default;
    virtual int open(const char* path, int flags, mode_t mode);
    virtual int close(int fd);
    virtual int flock(int fd, int operation);
    virtual int fstat(int fd, struct stat* st);
    virtual int stat(const char* path, struct stat* st);
    virtual ssize_t pread(int fd, void* buffer, std::size_t size, off_t offset);
    virtual ssize_t pwrite(int fd, const void* buffer, std::size_t size, off_t offset);
    virtual int fsync(int fd);
    virtual int ftruncate(int fd, off_t length);
    // Reserves [0, length) so later writes cannot fail for space; returns 0 or an errno value.
    virtual int fallocate(int fd, off_t length);
    virtual int rename(const char* from, const char* to);
    virtual int unlink(const char* path);
    virtual int fchmod(int fd, mode_t mode);
    virtual int fchown(int fd, uid_t owner, gid_t group);
};
Syscalls& real_syscalls();

// "nodes.conf: fsync: Input/output error": which file, which step, why.
struct IoError {
    std::string path;
    std::string step;
    int error = 0;  // errno, 0 when `detail` says it all
    std::string detail;
    std::string message() const;  // with the path
    std::string reason() const;   // without it
};

// Another process that has the file, and how we know.
struct FileUser {
    int pid = 0;
    std::string command;  // /proc/PID/comm
    std::string
        how;  // "holds the lock on it", "holds a lock on an earlier, deleted inode of it", ...
    std::string describe() const;  // "pid 1234 (redis-server) holds the lock on it"
};

// Processes holding a flock on an earlier inode of `path` that is now deleted (what a 7.2+
// server keeps after its first save renamed a new file over the path).
std::vector<FileUser> deleted_inode_lock_holders(const std::string& path);
// Processes holding any lock on the inode `ino` of device `dev`.
std::vector<FileUser> lock_holders(dev_t dev, ino_t ino);
// Other processes that lock `path` now: its current inode, or an earlier deleted one.
std::vector<FileUser> file_users(const std::string& path);
// A process listening on TCP `port` on this host (any address), if any.
std::optional<FileUser> port_listener(int port);

// The roll-forward copy kept beside the file while it is rewritten in place.
std::string pending_path(const std::string& path);

struct OpenOptions {
    bool exclusive = true;       // writers: LOCK_EX; readers: LOCK_SH
    double wait_seconds = 0;     // how long to wait for a held lock
    bool repair_pending = true;  // readers: complete an interrupted rewrite when they can
};

class LockedFile {
  public:
    struct Failure {
        enum Kind { io, busy } kind = io;
        IoError error;                // kind == io
        std::vector<FileUser> users;  // kind == busy
        std::string message() const;
    };

    // Opens an existing file (never creates one) and locks it. For writers, also refuses when a
    // process holds a lock on an earlier, deleted inode of the path.
    static std::unique_ptr<LockedFile> open(const std::string& path, const OpenOptions& options,
                                            Failure& failure, Syscalls& sys = real_syscalls());
    ~LockedFile();
    LockedFile(const LockedFile&) = delete;
    LockedFile& operator=(const LockedFile&) = delete;

    const std::string& path() const { return path_; }
    // The current bytes (after any roll-forward).
    const std::string& bytes() const { return bytes_; }
    // The bytes, moved out, for a reader that is done with the file (bytes() is empty after).
    std::string take_bytes() { return std::move(bytes_); }
    // A reader that did not get its shared lock in time: who holds the file.
    const std::vector<FileUser>& read_despite() const { return read_despite_; }
    // Set when open() found a pending copy and completed (or cleared) the interrupted rewrite.
    const std::optional<std::string>& recovery() const { return recovery_; }
    // A reader found a pending copy it could not complete (why, when known).
    bool pending_unrepaired() const { return pending_unrepaired_; }
    const std::string& repair_failure() const { return repair_failure_; }

    // In place (the <= 7.0 way, the inode and its locks stay): pending copy, preallocate, one
    // padded write from offset 0, fsync, ftruncate, fsync, remove the pending copy.
    std::optional<IoError> rewrite_in_place(std::string_view content);
    // The 7.2+ way: temp file with the original's mode and owner, write, fsync, rename, fsync dir.
    std::optional<IoError> replace(std::string_view content);
    // The current bytes to `backup_path`, atomically and fsynced.
    std::optional<IoError> write_backup(const std::string& backup_path);

  private:
    LockedFile(std::string path, int fd, Syscalls& sys)
        : path_(std::move(path)), fd_(fd), sys_(sys) {}
    std::optional<IoError> read_all(const struct stat* known);  // known: a stat of the file
    std::optional<IoError> recover_pending();
    std::optional<IoError> write_in_place(std::string_view content);
    // Temp file beside `target` with the locked file's mode (masked) and owner, written, synced,
    // renamed over `target`, directory synced.
    std::optional<IoError> write_file_atomically(const std::string& target,
                                                 std::string_view content, mode_t mode_mask);
    IoError fail(std::string step, int error) const;

    std::string path_;
    int fd_ = -1;
    Syscalls& sys_;
    std::string bytes_;
    std::vector<FileUser> read_despite_;
    std::optional<std::string> recovery_;
    bool pending_unrepaired_ = false;
    std::string repair_failure_;
};

}  // namespace nodesconf
