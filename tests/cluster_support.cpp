#include "cluster_support.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "test_support.h"

namespace nodesconf::test {

LiveCluster::LiveCluster(std::string dir, std::vector<std::string> extra)
    : dir_(std::move(dir)), extra_(std::move(extra)) {}

LiveCluster::~LiveCluster() {
    for (auto& n : nodes_) n->stop();
}

void LiveCluster::create() {
    std::vector<std::string> args = {"redis-cli", "--cluster", "create"};
    for (int i = 0; i < 6; ++i) {
        nodes_.push_back(std::make_unique<Server>(dir_, "nodes-" + std::to_string(i) + ".conf"));
        std::vector<std::string> extra = {"--cluster-node-timeout", "5000"};
        extra.insert(extra.end(), extra_.begin(), extra_.end());
        if (nodes_.back()->start("", extra) != Outcome::started)
            throw std::runtime_error("node did not start:\n" + nodes_.back()->log());
        args.push_back("127.0.0.1:" + std::to_string(nodes_.back()->port()));
    }
    args.insert(args.end(), {"--cluster-replicas", "1", "--cluster-yes"});
    const RunResult r = run(args);
    if (r.exit_code != 0) throw std::runtime_error("cluster create failed:\n" + r.out + r.err);
    if (!wait_ok()) throw std::runtime_error("cluster did not become ok:\n" + cli_check());
}

bool LiveCluster::wait_ok(int seconds) const {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
    while (std::chrono::steady_clock::now() < deadline) {
        bool ok = true;
        for (const auto& n : nodes_)
            ok = ok && n->cli({"CLUSTER", "INFO"}).find("cluster_state:ok") != std::string::npos;
        if (ok && views_agree() && cli_check().rfind("0\n", 0) == 0) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    return false;
}

// Every node knows every node, with the same role and master: redis-cli's check only compares
// slots, and a freshly created cluster passes it before all roles have been gossiped.
bool LiveCluster::views_agree() const {
    std::string first;
    for (const auto& n : nodes_) {
        std::istringstream in(n->cli({"CLUSTER", "NODES"}));
        std::vector<std::string> view;
        for (std::string line; std::getline(in, line);) {
            std::istringstream f(line);
            std::string id, address, flags, master;
            f >> id >> address >> flags >> master;
            if (id.empty()) continue;
            const std::string role =
                flags.find("master") != std::string::npos ? "master" : "replica";
            if (flags.find("fail") != std::string::npos ||
                flags.find("handshake") != std::string::npos)
                return false;
            view.push_back(id + " " + role + " " + master);
        }
        std::sort(view.begin(), view.end());
        std::string joined;
        for (const std::string& v : view) joined += v + "\n";
        if (view.size() != nodes_.size()) return false;
        if (first.empty())
            first = joined;
        else if (joined != first)
            return false;
    }
    return true;
}

std::string LiveCluster::id(std::size_t i) const {
    std::string out = nodes_[i]->cli({"CLUSTER", "MYID"});
    while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
    return out;
}

bool LiveCluster::is_master(std::size_t i) const {
    return nodes_[i]->cli({"ROLE"}).rfind("master", 0) == 0;
}

std::size_t LiveCluster::owner_of(int slot) const {
    const std::string reply = nodes_[0]->cli({"CLUSTER", "NODES"});
    std::istringstream in(reply);
    for (std::string line; std::getline(in, line);) {
        std::istringstream f(line);
        std::vector<std::string> t;
        for (std::string x; f >> x;) t.push_back(x);
        for (std::size_t k = 8; k < t.size(); ++k) {
            if (t[k][0] == '[') continue;
            int a, b;
            const auto dash = t[k].find('-');
            a = std::stoi(t[k].substr(0, dash));
            b = dash == std::string::npos ? a : std::stoi(t[k].substr(dash + 1));
            if (slot >= a && slot <= b)
                for (std::size_t i = 0; i < nodes_.size(); ++i)
                    if (id(i) == t[0]) return i;
        }
    }
    throw std::runtime_error("nobody owns slot " + std::to_string(slot));
}

std::uint64_t LiveCluster::config_epoch(std::size_t i) const {
    const std::string info = nodes_[i]->cli({"CLUSTER", "INFO"});
    const auto at = info.find("cluster_my_epoch:");
    return std::stoull(info.substr(at + 17));
}

std::vector<std::string> LiveCluster::conf_paths() const {
    std::vector<std::string> paths;
    for (const auto& n : nodes_) paths.push_back(n->conf_path());
    return paths;
}

void LiveCluster::save_all() const {
    for (const auto& n : nodes_)
        if (n->cli({"CLUSTER", "SAVECONFIG"}) != "OK\n")
            throw std::runtime_error("SAVECONFIG failed");
}

std::vector<std::string> LiveCluster::snapshot(const std::string& tag) const {
    std::vector<std::string> copies;
    for (std::size_t i = 0; i < nodes_.size(); ++i) {
        const std::string copy = dir_ + "/" + tag + "-" + std::to_string(i) + ".conf";
        write_file(copy, read_file(nodes_[i]->conf_path()));
        copies.push_back(copy);
    }
    return copies;
}

std::string LiveCluster::cli_check() const {
    const RunResult r = run({"redis-cli", "--cluster", "check",
                             nodes_[0]->host() + ":" + std::to_string(nodes_[0]->port())});
    return std::to_string(r.exit_code) + "\n" + r.out + r.err;
}

void LiveCluster::shutdown_all() {
    for (auto& n : nodes_) n->shutdown();
}

}  // namespace nodesconf::test
