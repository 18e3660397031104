// Deterministic large nodes.conf files for benchmarks (issue #7).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace nodesconf::bench {

// kinds: "contiguous" (500 masters with contiguous slots + 500 replicas), "single" (the same,
// every slot a single token, no ranges), "open" (contiguous + 16384 open slots on myself),
// "fanout" (2 masters with 499 replicas each), "longline" (one 1 MB line).
std::vector<std::string_view> generated_kinds();
std::string generate(std::string_view kind, unsigned seed = 1);
// A realistic six-node file (as after `redis-cli --cluster create`), varied by `index`.
std::string small_file(unsigned index);

}  // namespace nodesconf::bench
