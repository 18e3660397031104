// Dialects: one value per server release, holding what that release's loader accepts, refuses,
// crashes on or silently changes, and how its writer formats a file (format.md §2, §3, §8).
// A difference between versions is a field here, not an `if (version >= ...)` in the parser.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace nodesconf {

// How the address token is split (format.md §1.4).
enum class AddressStyle {
    ip_port,        // 3.2: `ip:port`; anything after the port is ignored by atoi
    ip_port_cport,  // 4.0-6.2: `ip:port@cport`; anything after cport is ignored by atoi
    hostname,       // 7.0: `ip:port@cport[,hostname]`, the hostname being all after the first comma
    aux,            // 7.2+: `ip:port@cport,[hostname][,key=value...]`
};

// Aux keys, in the order of the server's handler table (the writer walks it backwards).
enum class AuxKey { shard_id, nodename, tcp_port, tls_port, client_ipv4, client_ipv6 };
std::string_view aux_key_name(AuxKey key);
std::optional<AuxKey> aux_key_from_name(std::string_view name);

struct Dialect {
    std::string family;  // "redis-7.0"
    std::string name;    // the release whose rules these are: "redis-7.0.15"
    bool valkey = false;
    int major = 0, minor = 0, patch = 0;

    AddressStyle address_style = AddressStyle::ip_port_cport;
    bool checks_node_ids = false;    // 7.0+: ids must be 40 × [a-z0-9] (else fmterr)
    bool knows_nofailover = false;   // 4.0+ (3.2 panics on the flag)
    bool role_aliases = false;       // valkey 8: `primary` / `replica` accepted
    bool checks_vars_pairs = false;  // 5.0.6+: odd key/value count is fmterr (before: UB)
    bool writes_master_epoch_for_replicas = false;  // 6.0.6+
    bool ignores_replica_epoch_on_load = false;     // 7.0.3+
    bool checks_shard_ids = false;     // 7.2-7.4, valkey 8.0: replica/master shard-id must agree
    bool aux_allows_colon = false;     // valkey 8: `:` allowed in aux strings (IPv6 values)
    bool saves_in_place = true;        // <= 7.0: same inode; 7.2+: temp file + rename
    std::span<const AuxKey> aux_keys;  // known aux keys in handler-table order; empty before 7.2
};

// Every family, oldest first, each at its newest release.
std::span<const Dialect> all_families();

// "redis-7.0" (family: its newest release) or "redis-7.0.15" (a release, with the rules that
// changed inside the family applied). nullopt if unknown.
std::optional<Dialect> find_dialect(std::string_view name);

// The newest release whose writer produces the file's address format (issue #2 / cli.md):
// client-ipv4/6 aux: valkey-8.0; other aux: redis-7.4; hostname or `@cport`: redis-7.0;
// only `ip:port`: redis-3.2. A file without node lines counts as redis-7.0.
const Dialect& detect_dialect(std::string_view bytes);

// detect_dialect() one address at a time, so that a reader of the node lines (the parser) can
// gather it on the way instead of splitting every line a second time.
class DialectEvidence {
  public:
    // The address token (the second) of a node line: a line with at least two tokens that is
    // not a vars line.
    void note_address(std::string_view address);
    // The same for an address known to hold no comma (the loader's usual split found none),
    // with or without an '@' anywhere in it: no search of the token again.
    void note_address_without_comma(bool has_at) { note_rank(has_at ? cport_or_none : plain); }
    // The same for what follows an address's first comma (the loader's usual split found it).
    void note_address_tail(std::string_view tail);
    const Dialect& dialect() const;  // what detect_dialect() says of the lines noted so far

  private:
    // What an address says of its writer: `plain` and `cport_or_none` are 3.2 and 7.0 style;
    // above them, a higher rank names a newer writer.
    enum Rank { cport_or_none = 0, plain = 1, hostname = 2, aux = 3, valkey = 4 };
    void note_rank(int rank) {
        // `plain` only wins when no line has `@cport` (rank 0 is "7.0 style" too); valkey's
        // client-ip keys win over everything.
        if (best_ < 0 || (rank != plain && (best_ == plain || rank > best_))) best_ = rank;
    }
    int best_ = -1;
};

// A guess at detect_dialect() from the head of the file (the address on its first line), to
// parse under before the other lines are known.
const Dialect& first_line_dialect(std::string_view bytes);

// The names accepted by --target, for help texts and completions.
std::string target_names_help();

}  // namespace nodesconf
