// A real redis-server under test: started on 127.0.0.1 on a free port, stopped by PID.
#pragma once

#include <sys/types.h>

#include <string>
#include <string_view>
#include <vector>

namespace nodesconf::test {

bool port_free(int port);
// A port whose cluster bus port (+10000) is free too.
int pick_port();

enum class Outcome { started, refused, crashed };
std::string_view outcome_name(Outcome o);

class Server {
  public:
    explicit Server(const std::string& dir, std::string conf_name = "nodes.conf");
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    // Starts the server on `conf_bytes`; returns once it is ready or has exited.
    Outcome start(const std::string& conf_bytes, const std::vector<std::string>& extra = {});
    // Starts it again on whatever its config file holds now, on `port` (0: the last one).
    Outcome restart(int port = 0, const std::vector<std::string>& extra = {});
    std::string cli(const std::vector<std::string>& command) const;
    void stop();      // SIGKILL: 7.0 saves nothing at shutdown; what is on disk is what we read
    void shutdown();  // SHUTDOWN (saves the dataset when persistence is on)

    std::string conf_path() const { return dir_ + "/" + conf_name_; }
    std::string log_path() const { return dir_ + "/" + conf_name_ + ".log"; }
    std::string log() const;
    int port() const { return port_; }
    const std::string& host() const { return host_; }
    void set_host(std::string host) { host_ = std::move(host); }  // --bind and where cli() connects
    pid_t pid() const { return pid_; }

  private:
    Outcome launch(const std::vector<std::string>& extra);
    Outcome wait_ready();

    std::string dir_, conf_name_;
    pid_t pid_ = -1;
    int port_ = 0;
    std::string host_ = "127.0.0.1";
};

}  // namespace nodesconf::test
