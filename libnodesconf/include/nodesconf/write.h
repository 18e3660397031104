// Config → bytes, exactly as the dialect's server writes nodes.conf (format.md §1.3-1.7, §3.1).
#pragma once

#include <string>

#include "nodesconf/dialect.h"
#include "nodesconf/model.h"

namespace nodesconf {

// Handshake nodes are left out; a replica's epoch is its master's where the release does so;
// open slots go on the myself line only, migrating before importing; `vars` comes last.
// For 7.2+ dialects a node without a shard-id is given its master's, or one derived from its
// own id (the server would pick a random one; a derived one keeps the output reproducible).
std::string write_config(const Config& config, const Dialect& dialect);

// The shard-id the 7.2+ writer uses for `node` (see above).
std::string effective_shard_id(const Config& config, std::int32_t node);

}  // namespace nodesconf
