#include "nodesconf/edit_epochs.h"

#include <algorithm>
#include <limits>
#include <map>

#include <fmt/format.h>

namespace nodesconf {

namespace {
constexpr std::uint64_t kMaxEpoch = std::numeric_limits<std::uint64_t>::max();

std::optional<std::string> next_epoch(Config& config, std::uint64_t& epoch) {
    if (config.vars.current_epoch == kMaxEpoch)
        return fmt::format("currentEpoch is {} (2^64-1): no higher epoch exists", kMaxEpoch);
    epoch = ++config.vars.current_epoch;
    return std::nullopt;
}
}  // namespace

std::optional<std::string> bump_epoch(Config& config, std::int32_t node, BumpResult& result) {
    Node& n = config.nodes[node];
    const std::uint64_t max_epoch = std::max(config.max_config_epoch(), config.vars.current_epoch);
    if (n.config_epoch == 0 || n.config_epoch != max_epoch) {
        std::uint64_t epoch;
        if (auto error = next_epoch(config, epoch)) return error;
        n.config_epoch = epoch;
        result = {true, epoch};
    } else {
        result = {false, n.config_epoch};
    }
    return std::nullopt;
}

bool repair_current_epoch(Config& config) {
    const std::uint64_t max_epoch = config.max_config_epoch();
    if (max_epoch <= config.vars.current_epoch) return false;
    config.vars.current_epoch = max_epoch;
    return true;
}

std::optional<std::string> resolve_epoch_collisions(Config& config,
                                                    std::vector<std::string>& changes) {
    std::map<std::uint64_t, std::vector<std::int32_t>> by_epoch;
    for (std::size_t i = 0; i < config.nodes.size(); ++i) {
        const Node& n = config.nodes[i];
        if (n.has(kMaster) && !n.placeholder)
            by_epoch[n.config_epoch].push_back(static_cast<std::int32_t>(i));
    }
    for (auto& [epoch, masters] : by_epoch) {
        if (masters.size() < 2) continue;
        std::sort(masters.begin(), masters.end(), [&](std::int32_t a, std::int32_t b) {
            return config.nodes[a].id < config.nodes[b].id;
        });
        masters.pop_back();  // the greatest id never moves
        for (std::int32_t m : masters) {
            std::uint64_t fresh;
            if (auto error = next_epoch(config, fresh)) return error;
            changes.push_back(fmt::format("{}: configEpoch {} -> {}", config.nodes[m].id.view(),
                                          config.nodes[m].config_epoch, fresh));
            config.nodes[m].config_epoch = fresh;
        }
    }
    return std::nullopt;
}

std::optional<std::string> set_current_epoch(Config& config, std::uint64_t value) {
    if (value < config.vars.current_epoch)
        return fmt::format("refusing to lower currentEpoch from {} to {}",
                           config.vars.current_epoch, value);
    if (value < config.max_config_epoch())
        return fmt::format("currentEpoch {} would be below the highest configEpoch {}", value,
                           config.max_config_epoch());
    config.vars.current_epoch = value;
    return std::nullopt;
}

}  // namespace nodesconf
