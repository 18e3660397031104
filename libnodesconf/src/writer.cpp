#include "nodesconf/write.h"

#include "decimal.h"

namespace nodesconf {

namespace {

using detail::append_decimal;

void append_address(std::string& out, const Config& config, std::int32_t index, const Dialect& d) {
    const Node& node = config.nodes[index];
    out += node.ip;
    out += ':';
    append_decimal(out, node.port);
    if (d.address_style == AddressStyle::ip_port) return;
    out += '@';
    append_decimal(out, node.cport);
    if (d.address_style == AddressStyle::ip_port_cport) return;
    if (!node.hostname.empty()) {
        out += ',';
        out += node.hostname;
    }
    if (d.address_style != AddressStyle::aux) return;
    if (node.hostname.empty()) out += ',';
    // The handler table walked backwards; the file is written with the plaintext port in the main
    // field, so tcp-port is never written.
    for (auto key = d.aux_keys.rbegin(); key != d.aux_keys.rend(); ++key) {
        const std::string_view name = aux_key_name(*key);
        const AuxField* field = node.find_aux(name);
        switch (*key) {
            case AuxKey::tcp_port:
                continue;
            case AuxKey::tls_port:
                out += ",tls-port=";
                out += field ? std::string_view(field->value) : std::string_view("0");
                continue;
            case AuxKey::shard_id:
                if (const std::string id = effective_shard_id(config, index); !id.empty()) {
                    out += ",shard-id=";
                    out += id;
                }
                continue;
            case AuxKey::nodename:
            case AuxKey::client_ipv4:
            case AuxKey::client_ipv6:
                if (!field || field->value.empty()) continue;
                out += ',';
                out += name;
                out += '=';
                out += field->value;
                continue;
        }
    }
}

}  // namespace

std::string effective_shard_id(const Config& config, std::int32_t index) {
    const Node& node = config.nodes[index];
    if (const AuxField* own = node.find_aux("shard-id")) return own->value;
    if (node.is_replica())
        if (const AuxField* masters = config.nodes[node.master].find_aux("shard-id"))
            return masters->value;
    return "";
}

std::string write_config(const Config& config, const Dialect& d) {
    std::string out;
    out.reserve(config.nodes.size() * 160 + 64);
    const auto ranges = config.ranges_by_node();
    // A file without open slots never wrote its migration tables.
    const bool any_open = !config.migrating_to.written_cells().empty() ||
                          !config.importing_from.written_cells().empty();
    for (std::size_t i = 0; i < config.nodes.size(); ++i) {
        const auto index = static_cast<std::int32_t>(i);
        const Node& node = config.nodes[i];
        if (node.has(kHandshake)) continue;
        out += node.id.view();
        out += ' ';
        append_address(out, config, index, d);
        out += ' ';
        out += format_flags(node.flags);
        out += ' ';
        if (node.master != kNoNode)
            out += config.nodes[node.master].id.view();
        else
            out += '-';
        out += ' ';
        append_decimal(out, node.ping_sent);
        out += ' ';
        append_decimal(out, node.pong_received);
        out += ' ';
        append_decimal(out, config.written_epoch(index, d.writes_master_epoch_for_replicas));
        out += (node.connected || node.has(kMyself)) ? " connected" : " disconnected";
        for (const SlotRange& range : ranges[i]) {
            out += ' ';
            append_range(out, range);
        }
        if (node.has(kMyself) && any_open) {
            for (int slot = 0; slot < kSlotCount; ++slot) {
                const bool migrating = config.migrating_to[slot] != kNoNode;
                if (!migrating && config.importing_from[slot] == kNoNode) continue;
                out += " [";
                append_decimal(out, slot);
                out += migrating ? "->-" : "-<-";
                out +=
                    config
                        .nodes[migrating ? config.migrating_to[slot] : config.importing_from[slot]]
                        .id.view();
                out += ']';
            }
        }
        out += '\n';
    }
    out += "vars currentEpoch ";
    append_decimal(out, config.vars.current_epoch);
    out += " lastVoteEpoch ";
    append_decimal(out, config.vars.last_vote_epoch);
    out += '\n';
    return out;
}

}  // namespace nodesconf
