// NODE arguments: full id, unique id prefix, ip:port, hostname, or `myself`.
#pragma once

#include <string>
#include <string_view>

#include "nodesconf/model.h"

namespace nodesconf {

// The index of the node `spec` names, or kNoNode with `error` saying why (listing candidates
// when a prefix is ambiguous).
std::int32_t select_node(const Config& config, std::string_view spec, std::string& error);

}  // namespace nodesconf
