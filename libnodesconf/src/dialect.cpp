#include "nodesconf/dialect.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <vector>

#include "nodesconf/lines.h"
#include "nodesconf/tokenizer.h"

namespace nodesconf {

namespace {

constexpr std::array<AuxKey, 4> kRedisAuxKeys = {AuxKey::shard_id, AuxKey::nodename,
                                                 AuxKey::tcp_port, AuxKey::tls_port};
constexpr std::array<AuxKey, 6> kValkeyAuxKeys = {AuxKey::shard_id,    AuxKey::nodename,
                                                  AuxKey::tcp_port,    AuxKey::tls_port,
                                                  AuxKey::client_ipv4, AuxKey::client_ipv6};

Dialect family(std::string family, bool valkey, int major, int minor, int patch) {
    Dialect d;
    d.family = std::move(family);
    d.valkey = valkey;
    d.major = major;
    d.minor = minor;
    d.patch = patch;
    return d;
}

// The family table: each row is the newest release of that family (format.md §2.5).
std::vector<Dialect> make_families() {
    std::vector<Dialect> rows;

    Dialect r32 = family("redis-3.2", false, 3, 2, 13);
    r32.address_style = AddressStyle::ip_port;
    rows.push_back(r32);

    Dialect r40 = family("redis-4.0", false, 4, 0, 14);
    r40.address_style = AddressStyle::ip_port_cport;
    r40.knows_nofailover = true;
    rows.push_back(r40);

    Dialect r50 = r40;
    r50.family = "redis-5.0", r50.major = 5, r50.minor = 0, r50.patch = 14;
    r50.checks_vars_pairs = true;
    rows.push_back(r50);

    Dialect r60 = r50;
    r60.family = "redis-6.0", r60.major = 6, r60.minor = 0, r60.patch = 20;
    r60.writes_master_epoch_for_replicas = true;
    rows.push_back(r60);

    Dialect r62 = r60;
    r62.family = "redis-6.2", r62.major = 6, r62.minor = 2, r62.patch = 16;
    rows.push_back(r62);

    Dialect r70 = r62;
    r70.family = "redis-7.0", r70.major = 7, r70.minor = 0, r70.patch = 15;
    r70.address_style = AddressStyle::hostname;
    r70.checks_node_ids = true;
    r70.ignores_replica_epoch_on_load = true;
    rows.push_back(r70);

    Dialect r72 = r70;
    r72.family = "redis-7.2", r72.major = 7, r72.minor = 2, r72.patch = 6;
    r72.address_style = AddressStyle::aux;
    r72.checks_shard_ids = true;
    r72.saves_in_place = false;
    r72.aux_keys = kRedisAuxKeys;
    rows.push_back(r72);

    Dialect r74 = r72;
    r74.family = "redis-7.4", r74.major = 7, r74.minor = 4, r74.patch = 1;
    rows.push_back(r74);

    Dialect v80 = r74;
    v80.family = "valkey-8.0", v80.valkey = true, v80.major = 8, v80.minor = 0, v80.patch = 1;
    v80.role_aliases = true;
    v80.aux_allows_colon = true;
    v80.aux_keys = kValkeyAuxKeys;
    rows.push_back(v80);

    for (Dialect& d : rows) d.name = d.family + "." + std::to_string(d.patch);
    return rows;
}

const std::vector<Dialect>& families() {
    static const std::vector<Dialect> rows = make_families();
    return rows;
}

// Rules that changed inside a family: releases of `family` below `first_patch` have `field` set
// to `value_before`.
struct PatchRule {
    std::string_view family;
    int first_patch;
    bool Dialect::*field;
    bool value_before;
};
constexpr std::array kPatchRules = {
    PatchRule{"redis-5.0", 6, &Dialect::checks_vars_pairs, false},
    PatchRule{"redis-6.0", 6, &Dialect::writes_master_epoch_for_replicas, false},
    PatchRule{"redis-7.0", 3, &Dialect::ignores_replica_epoch_on_load, false},
};

const Dialect* find_family(std::string_view name) {
    for (const Dialect& d : families())
        if (d.family == name) return &d;
    return nullptr;
}

}  // namespace

std::string_view aux_key_name(AuxKey key) {
    switch (key) {
        case AuxKey::shard_id:
            return "shard-id";
        case AuxKey::nodename:
            return "nodename";
        case AuxKey::tcp_port:
            return "tcp-port";
        case AuxKey::tls_port:
            return "tls-port";
        case AuxKey::client_ipv4:
            return "client-ipv4";
        case AuxKey::client_ipv6:
            return "client-ipv6";
    }
    return "";
}

std::optional<AuxKey> aux_key_from_name(std::string_view name) {
    // Every aux field of a 7.2+ file is looked up here: fixed-size compares, where comparing
    // with each name in turn called memcmp up to six times a field.
    if (is_literal(name, "shard-id")) return AuxKey::shard_id;
    if (is_literal(name, "tls-port")) return AuxKey::tls_port;
    if (is_literal(name, "nodename")) return AuxKey::nodename;
    if (is_literal(name, "tcp-port")) return AuxKey::tcp_port;
    if (is_literal(name, "client-ipv4")) return AuxKey::client_ipv4;
    if (is_literal(name, "client-ipv6")) return AuxKey::client_ipv6;
    return std::nullopt;
}

std::span<const Dialect> all_families() {
    return families();
}

std::optional<Dialect> find_dialect(std::string_view name) {
    if (const Dialect* d = find_family(name)) return *d;

    // A release: "<family>.<patch>".
    const auto dot = name.rfind('.');
    if (dot == std::string_view::npos) return std::nullopt;
    const Dialect* base = find_family(name.substr(0, dot));
    if (!base) return std::nullopt;
    const std::string_view patch_text = name.substr(dot + 1);
    int patch = -1;
    const auto [end, ec] =
        std::from_chars(patch_text.data(), patch_text.data() + patch_text.size(), patch);
    if (ec != std::errc{} || end != patch_text.data() + patch_text.size() || patch < 0 ||
        patch_text.empty() || patch_text.size() > 3)
        return std::nullopt;

    Dialect d = *base;
    d.patch = patch;
    d.name = d.family + "." + std::to_string(patch);
    for (const PatchRule& rule : kPatchRules)
        if (rule.family == d.family && patch < rule.first_patch) d.*rule.field = rule.value_before;
    return d;
}

namespace {
// Calls note(address) for each node line, until it returns false.
template <typename Note>
void for_each_address(std::string_view bytes, Note&& note) {
    TokenBuffer scratch;
    std::array<std::string_view, 2> head;
    for (LineReader reader(bytes); auto line = reader.next();) {
        if (line->skipped_as_blank) continue;
        if (first_tokens(line->text, head, scratch) < 2) continue;
        if (ascii_iequals(head[0], "vars")) continue;
        if (!note(head[1])) return;
    }
}

// Whether "client-ipv" occurs in `tail`. Found from its 'v', which neither a hex digit (shard
// ids) nor another aux key has: one memchr call on a usual 7.2+ line, where a search from the
// 'c' stopped at every c of the shard id.
bool names_client_ip(std::string_view tail) {
    constexpr std::string_view kKey = "client-ipv";
    for (auto v = tail.find('v', kKey.size() - 1); v != std::string_view::npos;
         v = tail.find('v', v + 1))
        if (tail.substr(v + 1 - kKey.size(), kKey.size()) == kKey) return true;
    return false;
}
}  // namespace

void DialectEvidence::note_address(std::string_view address) {
    if (const auto comma = address.find(','); comma != std::string_view::npos)
        return note_address_tail(address.substr(comma + 1));
    note_rank(address.find('@') != std::string_view::npos ? cport_or_none : plain);
}

void DialectEvidence::note_address_tail(std::string_view tail) {
    if (tail.find(',') == std::string_view::npos && tail.find('=') == std::string_view::npos)
        return note_rank(hostname);
    // Nothing ranks above valkey: once a line has named it, the search is not needed again.
    if (best_ == valkey) return;
    note_rank(names_client_ip(tail) ? valkey : aux);
}

const Dialect& DialectEvidence::dialect() const {
    switch (best_) {
        case plain:
            return *find_family("redis-3.2");
        case aux:
            return *find_family("redis-7.4");
        case valkey:
            return *find_family("valkey-8.0");
        default:
            return *find_family("redis-7.0");
    }
}

const Dialect& detect_dialect(std::string_view bytes) {
    DialectEvidence evidence;
    for_each_address(bytes, [&](std::string_view address) {
        evidence.note_address(address);
        return true;
    });
    return evidence.dialect();
}

const Dialect& first_line_dialect(std::string_view bytes) {
    // Only a guess (the parser's evidence has the last word), so the head of the first line is
    // enough: the rest of a line of 16,384 open slots is not read here.
    constexpr std::size_t kHead = 256;  // an id, an address and then some
    std::string_view line = bytes.substr(0, kHead);
    line = line.substr(0, std::min(line.find('\n'), line.find('\0')));
    TokenBuffer scratch;
    std::array<std::string_view, 2> head;
    DialectEvidence evidence;
    if (first_tokens(line, head, scratch) == 2 && !ascii_iequals(head[0], "vars"))
        evidence.note_address(head[1]);
    return evidence.dialect();
}

std::string target_names_help() {
    std::string text = "auto, or a family (its newest release) or a release:";
    for (const Dialect& d : families()) text += " " + d.family;
    text += "; e.g. redis-6.0.5, redis-7.0.15";
    return text;
}

}  // namespace nodesconf
