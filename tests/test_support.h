// Helpers for tests that run programs: the nodesconf binary, redis-server, redis-cli.
#pragma once

#include <string>
#include <vector>

namespace nodesconf::test {

struct RunResult {
    int exit_code = -1;  // -1: killed by a signal
    std::string out, err;
};

// Runs argv[0] with stdin fed from `input`; captures stdout and stderr.
RunResult run(const std::vector<std::string>& argv, const std::string& input = "",
              const std::vector<std::string>& env = {});
RunResult run_nodesconf(const std::vector<std::string>& args, const std::string& input = "");

std::string read_file(const std::string& path);
void write_file(const std::string& path, const std::string& bytes);
// A fresh directory under the test temp dir.
std::string make_temp_dir(const std::string& tag);

// A fresh directory that is removed, with what it holds, when the scope ends: for tests
// without a fixture, so that a failed expectation does not leave files behind in /tmp.
class ScopedTempDir {
  public:
    explicit ScopedTempDir(const std::string& tag) : path_(make_temp_dir(tag)) {}
    ~ScopedTempDir();
    ScopedTempDir(const ScopedTempDir&) = delete;
    ScopedTempDir& operator=(const ScopedTempDir&) = delete;
    const std::string& path() const { return path_; }

  private:
    std::string path_;
};

}  // namespace nodesconf::test
