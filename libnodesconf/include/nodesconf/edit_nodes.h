// Node edits (format.md §1.4, §2.6, §6): rewrite addresses by parsed field (the IP-change
// problem), forget a node, make shard-ids consistent. Pure functions over a Config.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "nodesconf/model.h"

namespace nodesconf {

// `ip`, `ip:port`, `ip:port@cport`; IPv6 as a bare address or `[addr]:port@cport`.
struct AddressPattern {
    std::string ip;
    std::optional<int> port, cport;
    std::string text;
};
std::optional<AddressPattern> parse_address_pattern(std::string_view text, std::string& error);

struct RemapEntry {
    AddressPattern from, to;
};
// "OLD=NEW"
std::optional<RemapEntry> parse_remap_entry(std::string_view text, std::string& error);
// One "OLD NEW" pair a line; blank lines and '#' comments skipped. Errors name the line.
std::optional<std::vector<RemapEntry>> parse_remap_file(std::string_view text, std::string& error);

// Every node whose parsed address matches an entry gets the new one, all computed from the old
// addresses at once (so swaps and chains are safe). A port maps its bus port along by the same
// offset unless the entry names the cport. `used[i]` is set for each entry that matched.
// Refuses a node matched by two entries and a result where two nodes share ip:port.
std::optional<std::string> remap_addresses(Config& config, const std::vector<RemapEntry>& entries,
                                           const std::optional<std::string>& myself_ip,
                                           std::vector<bool>& used,
                                           std::vector<std::string>& messages);

// Removes `node` from the file. Refuses when it is myself or owns slots; replicas of it and open
// slots towards it are refused too unless `force` (then the replicas lose their master link and the
// open slots close).
std::optional<std::string> forget_node(Config& config, std::int32_t node, bool force,
                                       std::vector<std::string>& messages);

// Every replica's shard-id := its master's (what newer servers do at load).
void fix_shard_ids(Config& config, std::vector<std::string>& messages);
// Removes aux field `key` from every node.
void strip_aux(Config& config, std::string_view key, std::vector<std::string>& messages);

}  // namespace nodesconf
