#include "address.h"

#include <arpa/inet.h>

#include <fmt/format.h>

#include "c_numbers.h"
#include "nodesconf/model.h"

namespace nodesconf::detail {

namespace {

constexpr std::size_t kMaxIpLength = 45;  // NET_IP_STR_LEN - 1

std::uint32_t u32(std::size_t v) {
    return static_cast<std::uint32_t>(v);
}

bool is_valid_aux_string(std::string_view text, bool allow_colon) {
    for (char c : text) {
        if (c == '\0') return false;
        if (c == ':' && allow_colon) continue;
        if (std::string_view("!#$%&()*+:;<>?@[]^{|}~").find(c) != std::string_view::npos)
            return false;
    }
    return true;
}

// Checks the value the way the key's setter does; returns an error text or "".
std::string check_aux_value(AuxKey key, std::string_view value) {
    switch (key) {
        case AuxKey::shard_id:
            if (!is_valid_node_id(value))
                return fmt::format("shard-id '{}' is not 40 characters of [a-z0-9]", value);
            return "";
        case AuxKey::nodename:
            return "";
        case AuxKey::tcp_port:
        case AuxKey::tls_port: {
            if (value.empty() || value.size() > 5)
                return fmt::format("{} '{}' must be 1 to 5 characters", aux_key_name(key), value);
            const int port = c_atoi(value);
            if (port < 0 || port > 65535)
                return fmt::format("{} {} is out of range 0-65535", aux_key_name(key), port);
            return "";
        }
        case AuxKey::client_ipv4:
        case AuxKey::client_ipv6: {
            if (value.empty()) return "";
            std::string text(value);
            unsigned char buffer[16];
            const int family = key == AuxKey::client_ipv4 ? AF_INET : AF_INET6;
            if (inet_pton(family, text.c_str(), buffer) != 1)
                return fmt::format("{} '{}' is not an IPv{} address", aux_key_name(key), value,
                                   key == AuxKey::client_ipv4 ? 4 : 6);
            return "";
        }
    }
    return "";
}

void split_aux(std::string_view field, std::uint32_t column, const Dialect& dialect,
               const AddressReport& report, std::vector<AuxToken>& out) {
    AuxToken aux;
    aux.column = column;
    aux.length = u32(field.size());
    const auto eq = field.find('=');
    if (field.empty() || eq == std::string_view::npos ||
        field.find('=', eq + 1) != std::string_view::npos) {
        report(Code::aux_syntax, column, aux.length,
               field.empty() ? std::string("empty aux field (a stray ',')")
                             : fmt::format("aux field '{}' is not key=value", field));
        out.push_back(aux);
        return;
    }
    aux.key = field.substr(0, eq);
    aux.value = field.substr(eq + 1);
    bool valid = true;
    if (!is_valid_aux_string(aux.key, dialect.aux_allows_colon) ||
        !is_valid_aux_string(aux.value, dialect.aux_allows_colon)) {
        report(Code::aux_charset, column, aux.length,
               fmt::format("aux field '{}' contains a character {} forbids", field, dialect.name));
        valid = false;
    }
    const auto key = aux_key_from_name(aux.key);
    bool known = false;
    for (AuxKey k : dialect.aux_keys) known = known || (key && *key == k);
    if (!known) {
        report(Code::aux_unknown_key, column, u32(aux.key.size()),
               fmt::format("aux key '{}' is unknown to {}", aux.key, dialect.name));
        valid = false;
    } else if (std::string problem = check_aux_value(*key, aux.value); !problem.empty()) {
        report(Code::aux_value, u32(column + eq + 1), u32(aux.value.size()), problem);
        valid = false;
    }
    aux.valid = valid;
    out.push_back(aux);
}

// `ip:port[@cport]` (and whatever follows cport, which atoi ignores).
void split_ip_port(std::string_view text, std::uint32_t column, const Dialect& dialect,
                   const AddressReport& report, ParsedAddress& out) {
    const auto colon = text.rfind(':');
    if (colon == std::string_view::npos) {
        report(Code::address_no_colon, column, u32(text.size()),
               fmt::format("address '{}' has no ':' between ip and port", text));
        return;
    }
    out.ok = true;
    out.ip = text.substr(0, colon);
    if (out.ip.size() > kMaxIpLength)
        report(Code::ip_too_long, column, u32(out.ip.size()),
               fmt::format("ip is {} bytes, longer than 45: it overflows the server's buffer "
                           "(undefined behaviour: it may crash or start with a corrupted node)",
                           out.ip.size()));

    std::string_view port_text = text.substr(colon + 1);
    std::string_view cport_text;
    const std::uint32_t port_column = u32(column + colon + 1);
    const bool reads_cport = dialect.address_style != AddressStyle::ip_port;
    const auto at = port_text.find('@');
    if (reads_cport && at != std::string_view::npos) {
        cport_text = port_text.substr(at + 1);
        port_text = port_text.substr(0, at);
        out.cport_given = true;
    }

    // atoi stops at the first non-digit: what follows is silently ignored.
    auto read_port = [&](std::string_view part, std::uint32_t part_column, const char* what) {
        CNumber info;
        const int value = c_atoi(part, &info);
        if (!info.canonical) {
            std::size_t digits = 0;
            while (digits < part.size() && part[digits] >= '0' && part[digits] <= '9') ++digits;
            const std::string_view tail = part.substr(digits);
            if (digits > 0 && !tail.empty() && (tail[0] == '@' || tail[0] == ',')) {
                report(Code::address_tail_ignored, u32(part_column + digits), u32(tail.size()),
                       fmt::format("{} does not read '{}' after the {}; it is dropped on save",
                                   dialect.name, tail, what));
            } else {
                report(Code::port_junk, part_column, u32(part.size()),
                       fmt::format("{} '{}' is not a number; the server reads it as {}", what, part,
                                   value));
            }
        } else if (value > 65535) {
            report(Code::port_range, part_column, u32(part.size()),
                   fmt::format("{} {} is above 65535", what, value));
        }
        return value;
    };
    out.port = read_port(port_text, port_column, "port");
    if (out.cport_given)
        out.cport = read_port(cport_text, u32(port_column + at + 1), "cluster bus port");
    else
        out.cport = out.port + 10000;
    if (!out.cport_given && out.port + 10000 > 65535 && out.port <= 65535)
        report(Code::bus_port_range, port_column, u32(port_text.size()),
               fmt::format("port {} has no '@cport': its cluster bus port would be {}, above "
                           "65535",
                           out.port, out.port + 10000));
}

}  // namespace

ParsedAddress parse_address(std::string_view token, const Dialect& dialect,
                            const AddressReport& report) {
    ParsedAddress out;
    switch (dialect.address_style) {
        case AddressStyle::ip_port:
        case AddressStyle::ip_port_cport:
            split_ip_port(token, 0, dialect, report, out);
            break;
        case AddressStyle::hostname: {
            const auto comma = token.find(',');
            split_ip_port(token.substr(0, comma), 0, dialect, report, out);
            if (comma != std::string_view::npos) {
                out.hostname = token.substr(comma + 1);
                if (out.hostname.find('=') != std::string_view::npos ||
                    out.hostname.find(',') != std::string_view::npos)
                    report(Code::hostname_aux_tail, u32(comma + 1), u32(out.hostname.size()),
                           fmt::format("{} takes all of '{}' as the hostname (aux fields are "
                                       "7.2+); it is kept as a hostname",
                                       dialect.name, out.hostname));
            }
            break;
        }
        case AddressStyle::aux: {
            std::size_t start = 0;
            for (int index = 0;; ++index) {
                const auto comma = token.find(',', start);
                const std::string_view field =
                    token.substr(start, comma == std::string_view::npos ? std::string_view::npos
                                                                        : comma - start);
                if (index == 0)
                    split_ip_port(field, 0, dialect, report, out);
                else if (index == 1)
                    out.hostname = field;
                else
                    split_aux(field, u32(start), dialect, report, out.aux);
                if (comma == std::string_view::npos) break;
                start = comma + 1;
            }
            break;
        }
    }
    return out;
}

}  // namespace nodesconf::detail
