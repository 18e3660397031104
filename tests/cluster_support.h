// A live 3-master / 3-replica redis-server 7.0.15 cluster on 127.0.0.1, for end-to-end tests.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "server_support.h"

namespace nodesconf::test {

class LiveCluster {
  public:
    // `extra`: more redis-server options for every node (persistence, bind-source-addr, ...).
    explicit LiveCluster(std::string dir, std::vector<std::string> extra = {});
    ~LiveCluster();

    // Starts six empty nodes and runs `redis-cli --cluster create --cluster-replicas 1`.
    void create();
    // Waits until every node says cluster_state:ok and redis-cli --cluster check passes.
    bool wait_ok(int seconds = 60) const;
    bool views_agree() const;

    Server& node(std::size_t i) { return *nodes_[i]; }
    std::size_t size() const { return nodes_.size(); }
    std::string id(std::size_t i) const;
    bool is_master(std::size_t i) const;
    std::size_t owner_of(int slot) const;             // the node index that serves `slot`
    std::uint64_t config_epoch(std::size_t i) const;  // CLUSTER INFO cluster_my_epoch
    std::vector<std::string> conf_paths() const;
    void save_all() const;  // CLUSTER SAVECONFIG everywhere
    std::vector<std::string> snapshot(const std::string& tag) const;  // copies of the files
    std::string cli_check() const;  // redis-cli --cluster check: "<exit>\n<output>"
    void shutdown_all();            // SHUTDOWN every node (saves data)

  private:
    std::string dir_;
    std::vector<std::string> extra_;
    std::vector<std::unique_ptr<Server>> nodes_;
};

}  // namespace nodesconf::test
