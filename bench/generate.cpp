#include "generate.h"

#include <algorithm>
#include <random>

#include <fmt/format.h>

namespace nodesconf::bench {

namespace {

std::string node_id(std::mt19937_64& rng) {
    std::string id;
    while (id.size() < 40) id += fmt::format("{:016x}", rng());
    return id.substr(0, 40);
}

std::vector<int> slots_in_order() {
    std::vector<int> order(16384);
    for (int s = 0; s < 16384; ++s) order[static_cast<std::size_t>(s)] = s;
    return order;
}

// Fisher-Yates on our generator, so that the order is the same with any standard library.
std::vector<int> shuffled_slots(std::mt19937_64& rng) {
    std::vector<int> order = slots_in_order();
    for (std::size_t i = order.size() - 1; i > 0; --i) std::swap(order[i], order[rng() % (i + 1)]);
    return order;
}

struct Shape {
    int masters = 500;
    int replicas_each = 1;
    bool single = false;  // every slot a token of its own
    int open_slots = 0;   // on myself
    // Addresses as Redis 7.2+ and Valkey write them: `ip:port@cport,,tls-port=0,shard-id=<id>`,
    // each replica with its master's shard id.
    bool aux = false;
};

std::string masters_and_replicas(std::mt19937_64& rng, const Shape& shape) {
    const auto [masters, replicas_each, single, open_slots, aux] = shape;
    std::vector<std::string> ids;
    for (int i = 0; i < masters * (1 + replicas_each); ++i) ids.push_back(node_id(rng));
    std::vector<std::string> shard_ids;
    for (int m = 0; aux && m < masters; ++m) shard_ids.push_back(node_id(rng));
    auto tail = [&](int m) {
        return aux ? fmt::format(",,tls-port=0,shard-id={}", shard_ids[static_cast<std::size_t>(m)])
                   : std::string();
    };
    std::string out;
    out.reserve(static_cast<std::size_t>(masters) * (1 + replicas_each) * 160 +
                static_cast<std::size_t>(open_slots) * 50);
    for (int m = 0; m < masters; ++m) {
        out += fmt::format("{} 10.{}.{}.{}:6379@16379{} {}master - 0 1795671704{:03} {} connected",
                           ids[m], m / 65536, (m / 256) % 256, m % 256, tail(m),
                           m == 0 ? "myself," : "", m % 1000, m + 1);
        if (single) {
            for (int s = m; s < 16384; s += masters) out += fmt::format(" {}", s);
        } else {
            const int first = 16384 * m / masters, last = 16384 * (m + 1) / masters - 1;
            if (first == last)
                out += fmt::format(" {}", first);
            else if (first < last)  // with more masters than slots, some own none
                out += fmt::format(" {}-{}", first, last);
        }
        if (m == 0)
            for (int s = 0; s < open_slots; ++s)
                out += s < 16384 / masters ? fmt::format(" [{}->-{}]", s, ids[1])
                                           : fmt::format(" [{}-<-{}]", s, ids[1]);
        out += '\n';
    }
    for (int m = 0; m < masters; ++m)
        for (int r = 0; r < replicas_each; ++r) {
            const int i = masters + m * replicas_each + r;
            out += fmt::format(
                "{} 10.{}.{}.{}:6379@16379{} slave {} 0 1795671704{:03} {} connected\n", ids[i],
                128 + i / 65536, (i / 256) % 256, i % 256, tail(m), ids[m], i % 1000, m + 1);
        }
    out += fmt::format("vars currentEpoch {} lastVoteEpoch 0\n", masters);
    return out;
}

}  // namespace

std::vector<std::string_view> generated_kinds() {
    return {"contiguous", "single", "open", "fanout", "longline", "shuffled", "aux"};
}

std::string generate(std::string_view kind, unsigned seed) {
    std::mt19937_64 rng(seed);
    if (kind == "contiguous") return masters_and_replicas(rng, {});
    if (kind == "single") return masters_and_replicas(rng, {.single = true});
    if (kind == "open") return masters_and_replicas(rng, {.open_slots = 16384});
    if (kind == "fanout") return masters_and_replicas(rng, {.masters = 2, .replicas_each = 499});
    if (kind == "aux") return masters_and_replicas(rng, {.aux = true});
    if (kind == "longline" || kind == "shuffled") {
        const std::vector<int> order = kind == "shuffled" ? shuffled_slots(rng) : slots_in_order();
        std::string line = node_id(rng) + " 10.0.0.1:6379@16379 myself,master - 0 0 1 connected";
        for (std::size_t i = 0; line.size() < (1u << 20); i = (i + 1) % order.size())
            line += fmt::format(" {}", order[i]);
        return line + "\nvars currentEpoch 1 lastVoteEpoch 0\n";
    }
    return "";
}

std::string cluster_of(int nodes, unsigned seed) {
    std::mt19937_64 rng(seed);
    return masters_and_replicas(rng, {.masters = std::max(1, nodes / 2)});
}

std::string slot_tokens(int tokens, unsigned seed) {
    std::mt19937_64 rng(seed);
    // Shuffled: slots in order are compared with the text of all slots, not read token by token.
    const std::vector<int> order = shuffled_slots(rng);
    std::string line = node_id(rng) + " 10.0.0.1:6379@16379 myself,master - 0 0 1 connected";
    for (int t = 0; t < tokens; ++t)
        line += fmt::format(" {}", order[static_cast<std::size_t>(t % 16384)]);
    return line + "\nvars currentEpoch 1 lastVoteEpoch 0\n";
}

std::string open_slots(int open, unsigned seed) {
    std::mt19937_64 rng(seed);
    return masters_and_replicas(rng, {.open_slots = open});
}

std::string small_file(unsigned index) {
    std::mt19937_64 rng(index + 1000);
    std::string out = masters_and_replicas(rng, {.masters = 3});
    return out;
}

}  // namespace nodesconf::bench
