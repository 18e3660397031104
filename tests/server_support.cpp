#include "server_support.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <stdexcept>
#include <thread>

#include "test_support.h"

extern char** environ;

namespace nodesconf::test {

bool port_free(int port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    const bool ok = ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    ::close(fd);
    return ok;
}

// The first port the kernel hands out to outgoing connections (ip_local_port_range).
int first_ephemeral_port() {
    std::ifstream range("/proc/sys/net/ipv4/ip_local_port_range");
    int first = 0;
    return range >> first && first > 0 ? first : 32768;
}

// A port and its bus port (+10000) below the kernel's ephemeral range. A port picked inside it
// could be taken, between the pick and the server's bind, as the source port of any outgoing
// connection (the cluster's own bus links, redis-cli): a test that moved a cluster to picked
// ports failed that way in CI ("Address already in use").
int pick_port() {
    static std::mt19937 rng(
        static_cast<unsigned>(::getpid()) ^
        static_cast<unsigned>(std::chrono::steady_clock::now().time_since_epoch().count()));
    constexpr int kLowest = 10000, kBusOffset = 10000;
    const int span = std::max(1000, first_ephemeral_port() - kBusOffset - kLowest);
    for (int attempt = 0; attempt < 200; ++attempt) {
        const int port = kLowest + static_cast<int>(rng() % static_cast<unsigned>(span));
        if (port_free(port) && port_free(port + kBusOffset)) return port;
    }
    throw std::runtime_error("no free port pair");
}

std::string_view outcome_name(Outcome o) {
    return o == Outcome::started ? "started" : o == Outcome::refused ? "refused" : "crashed";
}

Server::Server(const std::string& dir, std::string conf_name)
    : dir_(dir), conf_name_(std::move(conf_name)) {}
Server::~Server() {
    stop();
}

std::string Server::log() const {
    return read_file(log_path());
}

Outcome Server::start(const std::string& conf_bytes, const std::vector<std::string>& extra) {
    for (int attempt = 0; attempt < 5; ++attempt) {
        write_file(conf_path(), conf_bytes);
        port_ = pick_port();
        const Outcome outcome = launch(extra);
        // Lost a race for the port to another process: try another one.
        if (outcome != Outcome::started &&
            log().find("Address already in use") != std::string::npos)
            continue;
        return outcome;
    }
    throw std::runtime_error("could not bind a port");
}

Outcome Server::restart(int port, const std::vector<std::string>& extra) {
    if (port) port_ = port;
    return launch(extra);
}

Outcome Server::launch(const std::vector<std::string>& extra) {
    std::filesystem::remove(log_path());
    std::vector<std::string> args = {"redis-server",
                                     "--port",
                                     std::to_string(port_),
                                     "--bind",
                                     host_,
                                     "--cluster-enabled",
                                     "yes",
                                     "--cluster-config-file",
                                     conf_path(),
                                     "--dir",
                                     dir_,
                                     "--save",
                                     "",
                                     "--appendonly",
                                     "no",
                                     "--logfile",
                                     log_path(),
                                     "--cluster-node-timeout",
                                     "60000",
                                     "--protected-mode",
                                     "no",
                                     "--daemonize",
                                     "no",
                                     "--dbfilename",
                                     conf_name_ + ".rdb",
                                     "--appendfilename",
                                     conf_name_ + ".aof",
                                     "--appenddirname",
                                     conf_name_ + ".aofdir"};
    args.insert(args.end(), extra.begin(), extra.end());  // later options win
    std::vector<char*> argv;
    for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    if (posix_spawnp(&pid_, "redis-server", nullptr, nullptr, argv.data(), environ) != 0)
        throw std::runtime_error("cannot run redis-server");
    return wait_ready();
}

std::string Server::cli(const std::vector<std::string>& command) const {
    std::vector<std::string> argv{"redis-cli", "-h", host_, "-p", std::to_string(port_)};
    argv.insert(argv.end(), command.begin(), command.end());
    return run(argv).out;
}

void Server::stop() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    int status;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
}

void Server::shutdown() {
    if (pid_ <= 0) return;
    cli({"SHUTDOWN"});
    int status;
    for (int i = 0; i < 500 && ::waitpid(pid_, &status, WNOHANG) == 0; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    stop();
}

Outcome Server::wait_ready() {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (std::chrono::steady_clock::now() < deadline) {
        int status = 0;
        if (::waitpid(pid_, &status, WNOHANG) == pid_) {
            pid_ = -1;
            return WIFSIGNALED(status) ? Outcome::crashed : Outcome::refused;
        }
        if (log().find("Ready to accept connections") != std::string::npos) return Outcome::started;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    throw std::runtime_error("redis-server neither started nor exited:\n" + log());
}

}  // namespace nodesconf::test
