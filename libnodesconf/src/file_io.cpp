#include "nodesconf/file_io.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <sstream>
#include <thread>

#include <fmt/format.h>

#include "prefault.h"

namespace nodesconf {

// ---- the seam ------------------------------------------------------------------------------
int Syscalls::open(const char* path, int flags, mode_t mode) {
    return ::open(path, flags, mode);
}
int Syscalls::close(int fd) {
    return ::close(fd);
}
int Syscalls::flock(int fd, int operation) {
    return ::flock(fd, operation);
}
int Syscalls::fstat(int fd, struct stat* st) {
    return ::fstat(fd, st);
}
int Syscalls::stat(const char* path, struct stat* st) {
    return ::stat(path, st);
}
ssize_t Syscalls::pread(int fd, void* buffer, std::size_t size, off_t offset) {
    return ::pread(fd, buffer, size, offset);
}
ssize_t Syscalls::pwrite(int fd, const void* buffer, std::size_t size, off_t offset) {
    return ::pwrite(fd, buffer, size, offset);
}
int Syscalls::fsync(int fd) {
    return ::fsync(fd);
}
int Syscalls::ftruncate(int fd, off_t length) {
    return ::ftruncate(fd, length);
}
int Syscalls::fallocate(int fd, off_t length) {
    // Reserve without changing the size, so a kill before the write leaves the old file as it
    // was; fall back to posix_fallocate where the filesystem cannot keep the size.
    if (::fallocate(fd, FALLOC_FL_KEEP_SIZE, 0, length) == 0) return 0;
    if (errno != EOPNOTSUPP && errno != ENOSYS) return errno;
    return ::posix_fallocate(fd, 0, length);
}
int Syscalls::rename(const char* from, const char* to) {
    return ::rename(from, to);
}
int Syscalls::unlink(const char* path) {
    return ::unlink(path);
}
int Syscalls::fchmod(int fd, mode_t mode) {
    return ::fchmod(fd, mode);
}
int Syscalls::fchown(int fd, uid_t owner, gid_t group) {
    return ::fchown(fd, owner, group);
}

Syscalls& real_syscalls() {
    static Syscalls sys;
    return sys;
}

std::string IoError::message() const {
    std::string text = fmt::format("{}: {}", path, step);
    if (error) text += fmt::format(": {}", std::strerror(error));
    if (!detail.empty()) text += (error ? " (" + detail + ")" : ": " + detail);
    return text;
}

std::string IoError::reason() const {
    return message().substr(path.size() + 2);
}

std::string FileUser::describe() const {
    if (pid <= 0) return how;
    return fmt::format("pid {}{} {}", pid, command.empty() ? "" : " (" + command + ")", how);
}

std::string LockedFile::Failure::message() const {
    if (kind == io) return error.message();
    std::string text;
    for (const FileUser& user : users) text += (text.empty() ? "" : "; ") + user.describe();
    return text;
}

std::string pending_path(const std::string& path) {
    return path + ".nodesconf-pending";
}

// ---- who uses the file ---------------------------------------------------------------------
namespace {

std::string read_small_file(const std::string& path) {
    std::ifstream in(path);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

std::string process_name(int pid) {
    std::string name = read_small_file(fmt::format("/proc/{}/comm", pid));
    while (!name.empty() && name.back() == '\n') name.pop_back();
    return name;
}

struct LockEntry {
    int pid;
    unsigned major, minor;
    unsigned long inode;
};

std::vector<LockEntry> proc_locks() {
    std::vector<LockEntry> entries;
    std::istringstream in(read_small_file("/proc/locks"));
    for (std::string line; std::getline(in, line);) {
        std::istringstream fields(line);
        std::string id, type, mode, access, device;
        int pid;
        fields >> id >> type;
        if (type == "->") continue;  // a waiter, not a holder
        fields >> mode >> access >> pid >> device;
        unsigned major, minor;
        unsigned long inode;
        if (!fields || std::sscanf(device.c_str(), "%x:%x:%lu", &major, &minor, &inode) != 3)
            continue;
        if (pid > 0 && pid != ::getpid()) entries.push_back({pid, major, minor, inode});
    }
    return entries;
}

std::string absolute_path(const std::string& path) {
    char* resolved = ::realpath(path.c_str(), nullptr);
    if (!resolved) return path;
    std::string out(resolved);
    std::free(resolved);
    return out;
}

template <typename Visit>
void for_each_fd_link(int pid, Visit visit) {
    const std::string dir = fmt::format("/proc/{}/fd", pid);
    DIR* d = ::opendir(dir.c_str());
    if (!d) return;
    while (dirent* entry = ::readdir(d)) {
        if (entry->d_name[0] == '.') continue;
        const std::string fd_path = dir + "/" + entry->d_name;
        char target[4096];
        const ssize_t n = ::readlink(fd_path.c_str(), target, sizeof target - 1);
        if (n <= 0) continue;
        if (visit(fd_path, std::string_view(target, static_cast<std::size_t>(n)))) break;
    }
    ::closedir(d);
}

}  // namespace

std::vector<FileUser> lock_holders(dev_t dev, ino_t ino) {
    std::vector<FileUser> users;
    for (const LockEntry& e : proc_locks())
        if (e.major == ::major(dev) && e.minor == ::minor(dev) && e.inode == ino)
            users.push_back({e.pid, process_name(e.pid), "holds the lock on it"});
    return users;
}

std::vector<FileUser> deleted_inode_lock_holders(const std::string& path) {
    const std::string deleted = absolute_path(path) + " (deleted)";
    std::vector<FileUser> users;
    for (const LockEntry& e : proc_locks()) {
        bool found = false;
        for_each_fd_link(e.pid, [&](const std::string& fd_path, std::string_view target) {
            if (target != deleted) return false;
            struct stat st;
            if (::stat(fd_path.c_str(), &st) == 0 && st.st_ino == e.inode) found = true;
            return found;
        });
        if (found)
            users.push_back({e.pid, process_name(e.pid),
                             "holds a lock on an earlier, deleted inode of it (a 7.2+ server keeps "
                             "that lock after its first save)"});
    }
    return users;
}

std::vector<FileUser> file_users(const std::string& path) {
    std::vector<FileUser> users;
    struct stat st;
    if (::stat(path.c_str(), &st) == 0) users = lock_holders(st.st_dev, st.st_ino);
    for (FileUser& user : deleted_inode_lock_holders(path)) users.push_back(std::move(user));
    return users;
}

std::optional<FileUser> port_listener(int port) {
    unsigned long socket_inode = 0;
    for (const char* table : {"/proc/net/tcp", "/proc/net/tcp6"}) {
        std::istringstream in(read_small_file(table));
        std::string line;
        std::getline(in, line);  // header
        while (std::getline(in, line)) {
            std::istringstream f(line);
            std::string slot, local, remote, state, queues, timer, retransmits, uid, timeout;
            unsigned long inode;
            f >> slot >> local >> remote >> state >> queues >> timer >> retransmits >> uid >>
                timeout >> inode;
            if (!f || state != "0A") continue;
            const auto colon = local.rfind(':');
            if (colon == std::string::npos) continue;
            if (std::stoi(local.substr(colon + 1), nullptr, 16) == port) {
                socket_inode = inode;
                break;
            }
        }
        if (socket_inode) break;
    }
    if (!socket_inode) return std::nullopt;
    FileUser user{0, "", fmt::format("listens on port {}", port)};
    const std::string wanted = fmt::format("socket:[{}]", socket_inode);
    if (DIR* proc = ::opendir("/proc")) {
        while (dirent* entry = ::readdir(proc)) {
            const int pid = std::atoi(entry->d_name);
            if (pid <= 0) continue;
            bool found = false;
            for_each_fd_link(pid, [&](const std::string&, std::string_view target) {
                return found = target == wanted;
            });
            if (found) {
                user.pid = pid;
                user.command = process_name(pid);
                break;
            }
        }
        ::closedir(proc);
    }
    return user;
}

// ---- LockedFile ----------------------------------------------------------------------------
namespace {

// Every byte of `fd` from offset 0 to its end, read straight into `out`: sized from the file's
// stat (a file that grows meanwhile is still read to its end), so a large file is neither bounced
// through a buffer nor regrown. `known` is a stat of the file the caller has just taken; without
// it, the file is fstat'ed. Returns 0, or the errno of the failed read.
int read_whole(Syscalls& sys, int fd, std::string& out, const struct stat* known = nullptr) {
    struct stat st {};
    if (!known && sys.fstat(fd, &st) == 0) known = &st;
    std::size_t size = 0, capacity = std::size_t{1} << 16;
    if (known && S_ISREG(known->st_mode) && known->st_size > 0)
        capacity = static_cast<std::size_t>(known->st_size) + 1;  // + 1: the end in one more call
    out.reserve(capacity);
    detail::prefault(out.data(), capacity);
    out.resize(capacity);
    while (true) {
        if (size == out.size()) out.resize(out.size() * 2);
        const ssize_t got =
            sys.pread(fd, out.data() + size, out.size() - size, static_cast<off_t>(size));
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) {
            const int error = got < 0 ? errno : 0;
            out.resize(size);
            return error;
        }
        size += static_cast<std::size_t>(got);
    }
}

std::string directory_of(const std::string& path) {
    const auto slash = path.rfind('/');
    if (slash == std::string::npos) return ".";
    return slash == 0 ? "/" : path.substr(0, slash);
}

constexpr std::string_view kPendingMagic = "nodesconf-pending 1 ";

// The file is what an interrupted in-place write of `next` over `previous` can leave: every byte
// is the old one, the new one (padded with '\n' to the old length), or a preallocated zero.
bool is_torn_mix(std::string_view current, std::string_view previous, std::string_view next) {
    const std::size_t padded = std::max(previous.size(), next.size());
    if (current.size() > padded) return false;
    for (std::size_t i = 0; i < current.size(); ++i) {
        const char want_new = i < next.size() ? next[i] : '\n';
        const char want_old = i < previous.size() ? previous[i] : '\0';
        if (current[i] != want_new && current[i] != want_old) return false;
    }
    return true;
}

// All of `content` at offset 0, retrying short writes; 0 or the errno of the failing write.
int write_all(Syscalls& sys, int fd, std::string_view content) {
    for (std::size_t done = 0; done < content.size();) {
        const ssize_t put =
            sys.pwrite(fd, content.data() + done, content.size() - done, static_cast<off_t>(done));
        if (put < 0 && errno == EINTR) continue;
        if (put <= 0) return put < 0 ? errno : EIO;
        done += static_cast<std::size_t>(put);
    }
    return 0;
}

// fsync of the directory holding `path`, so a rename in it survives a crash.
std::optional<IoError> sync_directory(Syscalls& sys, const std::string& path) {
    const std::string dir = directory_of(path);
    const int fd = sys.open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
    if (fd < 0) return IoError{path, "open directory " + dir, errno, ""};
    const int rc = sys.fsync(fd);
    const int saved = errno;
    sys.close(fd);
    if (rc != 0) return IoError{path, "fsync directory", saved, ""};
    return std::nullopt;
}

}  // namespace

IoError LockedFile::fail(std::string step, int error) const {
    return IoError{path_, std::move(step), error, ""};
}

std::unique_ptr<LockedFile> LockedFile::open(const std::string& path, const OpenOptions& options,
                                             Failure& failure, Syscalls& sys) {
    using clock = std::chrono::steady_clock;
    const auto deadline = clock::now() + std::chrono::duration<double>(options.wait_seconds);
    auto io_failure = [&](std::string step, int error, std::string detail = "") {
        failure =
            Failure{Failure::io, IoError{path, std::move(step), error, std::move(detail)}, {}};
        return nullptr;
    };
    const int lock_op = (options.exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB;
    for (int attempt = 0;; ++attempt) {
        // O_NONBLOCK so that a FIFO cannot hang the open; never O_CREAT.
        const int fd = sys.open(
            path.c_str(), (options.exclusive ? O_RDWR : O_RDONLY) | O_CLOEXEC | O_NONBLOCK, 0);
        if (fd < 0) return io_failure("cannot open", errno);
        struct stat st;
        if (sys.fstat(fd, &st) != 0) {
            const int error = errno;
            sys.close(fd);
            return io_failure("stat", error);
        }
        if (!S_ISREG(st.st_mode)) {
            sys.close(fd);
            return io_failure("cannot read", S_ISDIR(st.st_mode) ? EISDIR : 0,
                              S_ISDIR(st.st_mode) ? "" : "not a regular file");
        }
        // O_NONBLOCK is the only status flag the open set (the access mode and O_CLOEXEC are
        // not ones F_SETFL changes), so this clears it without asking for the flags first: one
        // syscall less a file, where `validate` over 10,000 files made 130,000 in all.
        ::fcntl(fd, F_SETFL, 0);
        std::unique_ptr<LockedFile> file(new LockedFile(path, fd, sys));
        if (sys.flock(fd, lock_op) != 0) {
            if (errno != EWOULDBLOCK) return io_failure("lock", errno);
            if (clock::now() < deadline) {
                std::this_thread::sleep_for(std::chrono::milliseconds(20));
                continue;  // the inode under the path may change meanwhile: open it again
            }
            std::vector<FileUser> users = lock_holders(st.st_dev, st.st_ino);
            if (users.empty())
                users.push_back({0, "",
                                 "another process (a running server, or another nodesconf) "
                                 "holds the lock on it"});
            if (options.exclusive) {
                failure = Failure{Failure::busy, {}, std::move(users)};
                return nullptr;
            }
            file->read_despite_ = std::move(users);  // a server holds it for its lifetime
        }
        // A --replace writer may have renamed a new file over the path while we waited.
        struct stat now;
        const bool path_stated = sys.stat(path.c_str(), &now) == 0;
        if (path_stated && (now.st_ino != st.st_ino || now.st_dev != st.st_dev)) {
            if (attempt > 100) return io_failure("lock", 0, "the file keeps being replaced");
            continue;
        }
        if (options.exclusive) {
            if (auto holders = deleted_inode_lock_holders(path); !holders.empty()) {
                failure = Failure{Failure::busy, {}, std::move(holders)};
                return nullptr;
            }
        }
        // Under the lock, the path's stat is the open inode's: its size sizes the read.
        if (auto error = file->read_all(path_stated ? &now : nullptr)) {
            failure = Failure{Failure::io, *error, {}};
            return nullptr;
        }
        struct stat pending;
        if (sys.stat(pending_path(path).c_str(), &pending) == 0) {
            if (!options.exclusive) {
                if (!options.repair_pending) {
                    file->pending_unrepaired_ = true;
                    return file;
                }
                // Readers repair too, so a pre-start `validate` fixes a file torn by a killed
                // edit before the server reads it. That needs the exclusive lock, which our own
                // shared one would block: let it go first.
                file.reset();
                OpenOptions writer = options;
                writer.exclusive = true;
                Failure repair_failure;
                if (auto repaired = open(path, writer, repair_failure, sys)) {
                    sys.flock(repaired->fd_, LOCK_SH);
                    return repaired;
                }
                OpenOptions plain = options;
                plain.repair_pending = false;
                auto reader = open(path, plain, failure, sys);
                if (reader) reader->repair_failure_ = repair_failure.message();
                return reader;
            }
            if (auto error = file->recover_pending()) {
                failure = Failure{Failure::io, *error, {}};
                return nullptr;
            }
        }
        return file;
    }
}

LockedFile::~LockedFile() {
    if (fd_ >= 0) sys_.close(fd_);  // closing releases the flock
}

std::optional<IoError> LockedFile::read_all(const struct stat* known) {
    if (const int error = read_whole(sys_, fd_, bytes_, known)) return fail("cannot read", error);
    return std::nullopt;
}

std::optional<IoError> LockedFile::recover_pending() {
    const std::string pending = pending_path(path_);
    const int fd = sys_.open(pending.c_str(), O_RDONLY | O_CLOEXEC, 0);
    if (fd < 0) return IoError{pending, "cannot open", errno, ""};
    std::string copy;
    read_whole(sys_, fd, copy);  // a short copy fails the size checks below
    sys_.close(fd);

    unsigned long long old_size = 0, new_size = 0;
    const auto header_end = copy.find('\n');
    const bool well_formed =
        copy.starts_with(kPendingMagic) && header_end != std::string::npos &&
        std::sscanf(copy.c_str() + kPendingMagic.size(), "%llu %llu", &old_size, &new_size) == 2 &&
        copy.size() == header_end + 1 + old_size + new_size;
    if (!well_formed)
        return IoError{pending, "recover", 0,
                       "not a complete nodesconf pending copy; inspect it and remove it"};
    const std::string_view previous = std::string_view(copy).substr(header_end + 1, old_size);
    const std::string_view next =
        std::string_view(copy).substr(header_end + 1 + old_size, new_size);

    const bool done = bytes_.size() >= next.size() && std::string_view(bytes_).starts_with(next) &&
                      std::all_of(bytes_.begin() + static_cast<std::ptrdiff_t>(next.size()),
                                  bytes_.end(), [](char c) { return c == '\n'; });
    if (!done && !is_torn_mix(bytes_, previous, next))
        return IoError{path_, "recover", 0,
                       fmt::format("{} is left from an interrupted nodesconf rewrite, but the file "
                                   "has changed since; compare them and remove the pending copy",
                                   pending)};
    if (done && bytes_.size() == next.size()) {
        recovery_ =
            "an interrupted rewrite had already written the new content; removed the "
            "pending copy";
    } else {
        if (auto error = write_in_place(next)) return error;
        recovery_ = fmt::format("completed an interrupted rewrite from {}", pending);
    }
    if (sys_.unlink(pending.c_str()) != 0) return IoError{pending, "unlink", errno, ""};
    bytes_ = std::string(next);
    return std::nullopt;
}

std::optional<IoError> LockedFile::write_in_place(std::string_view content) {
    struct stat st;
    if (sys_.fstat(fd_, &st) != 0) return fail("stat", errno);
    const auto old_size = static_cast<std::size_t>(st.st_size);
    std::string buffer(content);
    if (buffer.size() < old_size) buffer.append(old_size - buffer.size(), '\n');
    if (content.size() > old_size) {
        if (const int error = sys_.fallocate(fd_, static_cast<off_t>(content.size())))
            return fail("fallocate", error);
    }
    if (const int error = write_all(sys_, fd_, buffer)) return fail("write", error);
    if (sys_.fsync(fd_) != 0) return fail("fsync", errno);
    if (buffer.size() != content.size()) {
        if (sys_.ftruncate(fd_, static_cast<off_t>(content.size())) != 0)
            return fail("ftruncate", errno);
        if (sys_.fsync(fd_) != 0) return fail("fsync", errno);
    }
    return std::nullopt;
}

std::optional<IoError> LockedFile::write_file_atomically(const std::string& target,
                                                         std::string_view content,
                                                         mode_t mode_mask) {
    struct stat like;  // the new file takes the locked file's mode and owner
    if (sys_.fstat(fd_, &like) != 0) return fail("stat", errno);
    const std::string temp = fmt::format("{}.nodesconf-tmp-{}", target, ::getpid());
    const int fd = sys_.open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) return IoError{target, "cannot create " + temp, errno, ""};
    std::optional<IoError> error;
    auto step = [&](const char* name, int rc, int code) {
        if (!error && rc != 0) error = IoError{target, name, code, ""};
    };
    step("chmod", sys_.fchmod(fd, like.st_mode & mode_mask), errno);
    if (like.st_uid != ::geteuid() || like.st_gid != ::getegid())
        step("chown", sys_.fchown(fd, like.st_uid, like.st_gid), errno);
    if (!error)
        if (const int e = write_all(sys_, fd, content)) step("write", e, e);
    if (!error) step("fsync", sys_.fsync(fd), errno);
    step("close", sys_.close(fd), errno);
    if (!error) step("rename", sys_.rename(temp.c_str(), target.c_str()), errno);
    if (error) {
        sys_.unlink(temp.c_str());
        return error;
    }
    return sync_directory(sys_, target);
}

std::optional<IoError> LockedFile::rewrite_in_place(std::string_view content) {
    // 1. The roll-forward copy: old and new bytes, so a later command can prove the file is a
    //    torn mix of the two before it completes the rewrite.
    const std::string pending = pending_path(path_);
    std::string copy = fmt::format("{}{} {}\n", kPendingMagic, bytes_.size(), content.size());
    copy += bytes_;
    copy += content;
    if (auto error = write_file_atomically(pending, copy, 0600)) {
        error->step = "pending copy: " + error->step;
        return error;
    }
    // 2. The write itself. On failure put the old bytes back; if even that fails, the pending
    //    copy stays and the next nodesconf command completes the rewrite.
    if (auto error = write_in_place(content)) {
        if (!write_in_place(bytes_)) {
            sys_.unlink(pending.c_str());
        } else {
            error->detail = fmt::format(
                "the file may be torn; the next nodesconf command "
                "completes the rewrite from {}",
                pending);
        }
        return error;
    }
    // 3. Done: the pending copy goes.
    bytes_ = std::string(content);
    if (sys_.unlink(pending.c_str()) != 0)
        return IoError{pending, "unlink", errno, "the rewrite completed; remove this leftover"};
    return std::nullopt;
}

std::optional<IoError> LockedFile::replace(std::string_view content) {
    if (auto error = write_file_atomically(path_, content, 07777)) return error;
    bytes_ = std::string(content);
    return std::nullopt;
}

std::optional<IoError> LockedFile::write_backup(const std::string& backup_path) {
    if (auto error = write_file_atomically(backup_path, bytes_, 07777)) {
        error->step = "backup: " + error->step;
        return error;
    }
    return std::nullopt;
}

}  // namespace nodesconf
