#include "nodesconf/edit_nodes.h"

#include <arpa/inet.h>

#include <algorithm>
#include <charconv>
#include <map>

#include <fmt/format.h>

namespace nodesconf {

namespace {

bool is_ip(const std::string& text, bool& v6) {
    unsigned char buffer[16];
    if (inet_pton(AF_INET, text.c_str(), buffer) == 1) return !(v6 = false);
    if (inet_pton(AF_INET6, text.c_str(), buffer) == 1) return (v6 = true);
    return false;
}

std::optional<int> parse_port(std::string_view text) {
    int value = -1;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size() || text.empty() || value < 0 ||
        value > 65535)
        return std::nullopt;
    return value;
}

std::string show(const Node& n) {
    return fmt::format("{}:{}@{}", n.ip, n.port, n.cport);
}

}  // namespace

std::optional<AddressPattern> parse_address_pattern(std::string_view text, std::string& error) {
    AddressPattern p;
    p.text = std::string(text);
    if (text.empty()) {
        error = "empty address";
        return std::nullopt;
    }
    if (text.find("${") != std::string_view::npos || text.find('$') != std::string_view::npos) {
        error = fmt::format("'{}' holds an unexpanded shell variable", text);
        return std::nullopt;
    }
    std::string_view ip = text, rest;
    if (text[0] == '[') {
        const auto close = text.find(']');
        if (close == std::string_view::npos) {
            error = fmt::format("'{}' has no closing ']'", text);
            return std::nullopt;
        }
        ip = text.substr(1, close - 1);
        rest = text.substr(close + 1);
        if (!rest.empty() && rest[0] != ':') {
            error = fmt::format("'{}': expected ':port' after ']'", text);
            return std::nullopt;
        }
        if (!rest.empty()) rest.remove_prefix(1);
    } else if (std::count(text.begin(), text.end(), ':') == 1) {
        const auto colon = text.find(':');
        ip = text.substr(0, colon);
        rest = text.substr(colon + 1);
    }  // else: an IPv4 address alone, or a bare IPv6 address
    p.ip = std::string(ip);
    bool v6 = false;
    if (!is_ip(p.ip, v6)) {
        error = fmt::format("'{}' is not an IPv4 or IPv6 address (a host name, or a typo?)", p.ip);
        return std::nullopt;
    }
    if (!rest.empty() || (text[0] != '[' && std::count(text.begin(), text.end(), ':') == 1)) {
        const auto at = rest.find('@');
        const auto port = parse_port(rest.substr(0, at));
        if (!port) {
            error = fmt::format("'{}': '{}' is not a port 0-65535", text, rest.substr(0, at));
            return std::nullopt;
        }
        p.port = port;
        if (at != std::string_view::npos) {
            const auto cport = parse_port(rest.substr(at + 1));
            if (!cport) {
                error =
                    fmt::format("'{}': '{}' is not a bus port 0-65535", text, rest.substr(at + 1));
                return std::nullopt;
            }
            p.cport = cport;
        }
    }
    return p;
}

std::optional<RemapEntry> parse_remap_entry(std::string_view text, std::string& error) {
    const auto eq = text.find('=');
    if (eq == std::string_view::npos) {
        error = fmt::format("'{}' is not OLD=NEW", text);
        return std::nullopt;
    }
    RemapEntry entry;
    auto from = parse_address_pattern(text.substr(0, eq), error);
    if (!from) return std::nullopt;
    auto to = parse_address_pattern(text.substr(eq + 1), error);
    if (!to) {
        error = fmt::format("replacement for {}: {}", from->text, error);
        return std::nullopt;
    }
    if (to->cport && !to->port) {
        error = fmt::format("'{}': a bus port needs a port", to->text);
        return std::nullopt;
    }
    return RemapEntry{*from, *to};
}

std::optional<std::vector<RemapEntry>> parse_remap_file(std::string_view text, std::string& error) {
    std::vector<RemapEntry> entries;
    std::size_t start = 0;
    for (int line = 1; start <= text.size(); ++line) {
        const auto nl = text.find('\n', start);
        std::string_view row =
            text.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start);
        start = nl == std::string_view::npos ? text.size() + 1 : nl + 1;
        if (const auto hash = row.find('#'); hash != std::string_view::npos)
            row = row.substr(0, hash);
        std::vector<std::string_view> fields;
        for (std::size_t i = 0; i < row.size();) {
            while (i < row.size() && (row[i] == ' ' || row[i] == '\t' || row[i] == '\r')) ++i;
            std::size_t j = i;
            while (j < row.size() && row[j] != ' ' && row[j] != '\t' && row[j] != '\r') ++j;
            if (j > i) fields.push_back(row.substr(i, j - i));
            i = j;
        }
        if (fields.empty()) continue;
        if (fields.size() != 2) {
            error = fmt::format("line {}: expected 'OLD NEW'", line);
            return std::nullopt;
        }
        auto entry = parse_remap_entry(fmt::format("{}={}", fields[0], fields[1]), error);
        if (!entry) {
            error = fmt::format("line {}: {}", line, error);
            return std::nullopt;
        }
        entries.push_back(*entry);
    }
    return entries;
}

std::optional<std::string> remap_addresses(Config& config, const std::vector<RemapEntry>& entries,
                                           const std::optional<std::string>& myself_ip,
                                           std::vector<bool>& used,
                                           std::vector<std::string>& messages) {
    used.resize(entries.size(), false);
    struct NewAddress {
        std::string ip;
        int port, cport;
    };
    std::vector<NewAddress> result(config.nodes.size());
    for (std::size_t i = 0; i < config.nodes.size(); ++i) {
        const Node& n = config.nodes[i];
        result[i] = {n.ip, n.port, n.cport};
        std::optional<std::size_t> match;
        for (std::size_t e = 0; e < entries.size(); ++e) {
            const AddressPattern& from = entries[e].from;
            if (n.ip.empty() || n.ip != from.ip || (from.port && *from.port != n.port) ||
                (from.cport && *from.cport != n.cport))
                continue;
            if (match)
                return fmt::format("node {} ({}) matches both '{}' and '{}'", n.id.prefix(8),
                                   show(n), entries[*match].from.text, from.text);
            match = e;
        }
        if (!match) continue;
        used[*match] = true;
        const AddressPattern& to = entries[*match].to;
        result[i].ip = to.ip;
        if (to.port) {
            result[i].port = *to.port;
            result[i].cport = to.cport ? *to.cport : n.cport + (*to.port - n.port);
        }
    }
    if (myself_ip) {
        const std::int32_t me = config.myself();
        if (me != kNoNode) result[me].ip = *myself_ip;
    }
    std::map<std::string, std::size_t> taken;
    for (std::size_t i = 0; i < result.size(); ++i) {
        if (result[i].ip.empty() || config.nodes[i].placeholder) continue;
        const std::string key = fmt::format("{}:{}", result[i].ip, result[i].port);
        if (auto [it, fresh] = taken.emplace(key, i); !fresh)
            return fmt::format("after the map, nodes {} and {} would both be at {}",
                               config.nodes[it->second].id.prefix(8), config.nodes[i].id.prefix(8),
                               key);
    }
    for (std::size_t i = 0; i < result.size(); ++i) {
        Node& n = config.nodes[i];
        if (n.ip == result[i].ip && n.port == result[i].port && n.cport == result[i].cport)
            continue;
        const std::string before = show(n);
        n.ip = result[i].ip;
        n.port = result[i].port;
        n.cport = result[i].cport;
        n.cport_given = true;
        messages.push_back(fmt::format("{}: {} -> {}", n.id.prefix(8), before, show(n)));
    }
    return std::nullopt;
}

std::optional<std::string> forget_node(Config& config, std::int32_t node, bool force,
                                       std::vector<std::string>& messages) {
    const Node& n = config.nodes[node];
    const std::string name(n.id.prefix(8));
    if (n.has(kMyself))
        return fmt::format(
            "{} is this file's myself: a node cannot forget itself (retire the node and its file "
            "instead)",
            name);
    const SlotSet owned = config.slots_of(node);
    if (owned.any())
        return fmt::format(
            "{} owns slots {}: move them first (nodesconf edit-slots --move ... --to NODE)", name,
            format_ranges(owned));
    std::vector<std::string> replicas;
    for (const Node& other : config.nodes)
        if (other.master == node) replicas.push_back(std::string(other.id.prefix(8)));
    std::vector<int> open;
    for (int s = 0; s < kSlotCount; ++s)
        if (config.migrating_to[s] == node || config.importing_from[s] == node) open.push_back(s);
    if (!force && (!replicas.empty() || !open.empty()))
        return fmt::format(
            "{}{}{}; --force forgets it anyway", name,
            replicas.empty() ? "" : fmt::format(" has replicas {}", fmt::join(replicas, ", ")),
            open.empty()
                ? ""
                : fmt::format(" is the other side of open slots {}", fmt::join(open, ",")));
    if (!replicas.empty())
        messages.push_back(fmt::format("replicas {} no longer have a master in this file",
                                       fmt::join(replicas, ", ")));
    if (!open.empty())
        messages.push_back(fmt::format("open slots {} closed", fmt::join(open, ",")));
    messages.push_back(fmt::format("forgot {} ({})", n.id.view(), show(n)));
    config.remove_node(node);
    return std::nullopt;
}

void fix_shard_ids(Config& config, std::vector<std::string>& messages) {
    for (Node& n : config.nodes) {
        if (!n.is_replica()) continue;
        const AuxField* masters = config.nodes[n.master].find_aux("shard-id");
        if (!masters) {
            if (n.find_aux("shard-id"))
                messages.push_back(fmt::format("{}: its master {} has no shard-id; left as it is",
                                               n.id.prefix(8),
                                               config.nodes[n.master].id.prefix(8)));
            continue;
        }
        const AuxField* own = n.find_aux("shard-id");
        if (own && own->value == masters->value) continue;
        messages.push_back(fmt::format("{}: shard-id {} -> {} (its master {}'s)", n.id.prefix(8),
                                       own ? own->value : "(none)", masters->value,
                                       config.nodes[n.master].id.prefix(8)));
        n.set_aux("shard-id", masters->value);
    }
}

void strip_aux(Config& config, std::string_view key, std::vector<std::string>& messages) {
    int count = 0;
    for (Node& n : config.nodes) count += n.erase_aux(key) ? 1 : 0;
    if (count)
        messages.push_back(
            fmt::format("removed {} from {} node{}", key, count, count == 1 ? "" : "s"));
}

}  // namespace nodesconf
