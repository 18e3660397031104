#include "nodesconf/select.h"

#include <vector>

#include <fmt/format.h>

namespace nodesconf {

std::int32_t select_node(const Config& config, std::string_view spec, std::string& error) {
    auto unique = [&](const std::vector<std::int32_t>& found,
                      std::string_view what) -> std::int32_t {
        if (found.size() == 1) return found[0];
        if (found.empty()) return kNoNode;
        std::string list;
        for (std::int32_t i : found)
            list += fmt::format("{}{} ({}:{})", list.empty() ? "" : ", ", config.nodes[i].id.view(),
                                config.nodes[i].ip, config.nodes[i].port);
        error = fmt::format("'{}' matches {} nodes by {}: {}", spec, found.size(), what, list);
        return kNoNode;
    };
    if (spec.empty()) {
        error = "empty node name";
        return kNoNode;
    }
    if (spec == "myself") {
        const std::int32_t me = config.myself();
        if (me == kNoNode) error = "the file has no myself node";
        return me;
    }
    std::vector<std::int32_t> by_id, by_address, by_hostname;
    for (std::size_t i = 0; i < config.nodes.size(); ++i) {
        const Node& node = config.nodes[i];
        const auto index = static_cast<std::int32_t>(i);
        if (node.id.view().starts_with(spec)) by_id.push_back(index);
        if (fmt::format("{}:{}", node.ip, node.port) == spec) by_address.push_back(index);
        if (!node.hostname.empty() && node.hostname == spec) by_hostname.push_back(index);
    }
    // An exact id wins over everything; then an address, a hostname, an id prefix.
    for (std::int32_t i : by_id)
        if (config.nodes[i].id.view() == spec) return i;
    if (const std::int32_t i = unique(by_address, "address"); i != kNoNode || !error.empty())
        return i;
    if (const std::int32_t i = unique(by_hostname, "hostname"); i != kNoNode || !error.empty())
        return i;
    if (const std::int32_t i = unique(by_id, "id prefix"); i != kNoNode || !error.empty()) return i;
    error =
        fmt::format("no node matches '{}' (by id, id prefix, ip:port, hostname or 'myself')", spec);
    return kNoNode;
}

}  // namespace nodesconf
