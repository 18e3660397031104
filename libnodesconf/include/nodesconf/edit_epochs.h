// Epoch edits (format.md §4): pure functions over a Config. Never lower an epoch.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "nodesconf/model.h"

namespace nodesconf {

struct BumpResult {
    bool bumped = false;      // BUMPED or STILL
    std::uint64_t epoch = 0;  // the node's configEpoch afterwards
};

// CLUSTER BUMPEPOCH offline (clusterBumpConfigEpochWithoutConsensus): if the node's configEpoch
// is 0 or not the maximum of every configEpoch and currentEpoch, currentEpoch + 1 becomes its
// configEpoch. Error when currentEpoch is already 2^64-1.
std::optional<std::string> bump_epoch(Config& config, std::int32_t node, BumpResult& result);

// What the server does at load: currentEpoch := max(currentEpoch, every configEpoch).
// Returns true when it changed.
bool repair_current_epoch(Config& config);

// Every group of masters sharing a configEpoch ends distinct: the greatest id keeps its epoch,
// the others (ascending id) take ++currentEpoch (format.md §4.2). One line per change.
std::optional<std::string> resolve_epoch_collisions(Config& config,
                                                    std::vector<std::string>& changes);

// currentEpoch := value; refuses to lower it or to go below the highest configEpoch.
std::optional<std::string> set_current_epoch(Config& config, std::uint64_t value);

}  // namespace nodesconf
