#include "test_support.h"

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

extern char** environ;

namespace nodesconf::test {

RunResult run(const std::vector<std::string>& argv, const std::string& input,
              const std::vector<std::string>& env) {
    int in_pipe[2], out_pipe[2], err_pipe[2];
    if (pipe2(in_pipe, O_CLOEXEC) || pipe2(out_pipe, O_CLOEXEC) || pipe2(err_pipe, O_CLOEXEC))
        throw std::runtime_error("pipe");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, in_pipe[0], 0);
    posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
    posix_spawn_file_actions_adddup2(&actions, err_pipe[1], 2);
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    std::vector<std::string> env_strings;
    for (char** e = environ; *e; ++e) env_strings.emplace_back(*e);
    for (const std::string& e : env) env_strings.push_back(e);
    std::vector<char*> envp;
    for (std::string& e : env_strings) envp.push_back(e.data());
    envp.push_back(nullptr);
    pid_t pid;
    const int rc = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    close(in_pipe[0]);
    close(out_pipe[1]);
    close(err_pipe[1]);
    if (rc != 0) throw std::runtime_error("cannot run " + argv[0]);

    RunResult result;
    std::size_t written = 0;
    if (input.empty()) close(in_pipe[1]), in_pipe[1] = -1;
    bool out_open = true, err_open = true;
    while (out_open || err_open) {
        pollfd fds[3] = {
            {out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}, {in_pipe[1], POLLOUT, 0}};
        const nfds_t count = in_pipe[1] >= 0 ? 3 : 2;
        fds[0].fd = out_open ? out_pipe[0] : -1;
        fds[1].fd = err_open ? err_pipe[0] : -1;
        if (poll(fds, count, -1) < 0 && errno != EINTR) break;
        char buffer[65536];
        if (fds[0].revents) {
            const ssize_t got = read(out_pipe[0], buffer, sizeof buffer);
            if (got <= 0)
                out_open = false;
            else
                result.out.append(buffer, static_cast<std::size_t>(got));
        }
        if (fds[1].revents) {
            const ssize_t got = read(err_pipe[0], buffer, sizeof buffer);
            if (got <= 0)
                err_open = false;
            else
                result.err.append(buffer, static_cast<std::size_t>(got));
        }
        if (count == 3 && fds[2].revents) {
            const ssize_t put = write(in_pipe[1], input.data() + written, input.size() - written);
            if (put > 0) written += static_cast<std::size_t>(put);
            if (put <= 0 || written == input.size()) close(in_pipe[1]), in_pipe[1] = -1;
        }
    }
    if (in_pipe[1] >= 0) close(in_pipe[1]);
    close(out_pipe[0]);
    close(err_pipe[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return result;
}

RunResult run_nodesconf(const std::vector<std::string>& args, const std::string& input) {
    std::vector<std::string> argv{NODESCONF_BIN};
    argv.insert(argv.end(), args.begin(), args.end());
    return run(argv, input, {"NO_COLOR=1"});
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

void write_file(const std::string& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << bytes;
}

std::string make_temp_dir(const std::string& tag) {
    const char* base = std::getenv("TMPDIR");
    std::string pattern =
        std::string(base && *base ? base : "/tmp") + "/nodesconf-" + tag + "-XXXXXX";
    if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp");
    return pattern;
}

ScopedTempDir::~ScopedTempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
}

}  // namespace nodesconf::test
