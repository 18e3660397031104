// Deterministic large nodes.conf files for benchmarks (issue #7).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace nodesconf::bench {

// kinds: "contiguous" (500 masters with contiguous slots + 500 replicas), "single" (the same,
// every slot a single token, no ranges), "open" (contiguous + 16384 open slots on myself),
// "fanout" (2 masters with 499 replicas each), "longline" (one 1 MB line of the slots in order,
// again and again), "shuffled" (the same in a shuffled order: not one of the files, it
// shows what a long line costs where its slots do not go on in order), "aux" (contiguous as Redis
// 7.2+ and Valkey write it, each address with its aux fields: not one of the files, the
// format of every current server).
std::vector<std::string_view> generated_kinds();
std::string generate(std::string_view kind, unsigned seed = 1);
// For the growth curves (10x the nodes or slots must cost at most 10x the time):
// `nodes` nodes, half masters with contiguous slots, half replicas;
std::string cluster_of(int nodes, unsigned seed = 1);
// one master line of `tokens` single-slot tokens (the slots in a shuffled order, repeating
// after 16,384 tokens);
std::string slot_tokens(int tokens, unsigned seed = 1);
// the 1000-node cluster with `open` open slots on myself.
std::string open_slots(int open, unsigned seed = 1);
// A realistic six-node file (as after `redis-cli --cluster create`), varied by `index`.
std::string small_file(unsigned index);

}  // namespace nodesconf::bench
