// Findings: what nodesconf says about a file. One enum of stable codes and one table that gives
// each code its name and severity, so renderers, docs and tests all read the same source.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace nodesconf {

enum class Severity : std::uint8_t {
    note,     // information; never fails validation
    warning,  // the server starts, but its state differs from the text, or the cluster is unwell
    error,    // the server refuses to start on the file, or crashes on it
};

std::string_view severity_name(Severity severity);

// X(enumerator, "stable-code", severity). The string is the public, documented code: never rename.
#define NODESCONF_FINDING_CODES(X)                                       \
    /* the file as a whole */                                            \
    X(empty_file, "empty-file", warning)                                 \
    X(no_myself, "no-myself", error)                                     \
    X(line_split, "line-split", warning)                                 \
    X(nul_byte, "nul-byte", warning)                                     \
    X(whitespace_line, "whitespace-line", error)                         \
    X(unterminated_quote, "unterminated-quote", error)                   \
    X(text_after_quote, "text-after-quote", error)                       \
    X(quoted_token, "quoted-token", warning)                             \
    /* vars */                                                           \
    X(vars_odd, "vars-odd", error)                                       \
    X(vars_unknown_key, "vars-unknown-key", warning)                     \
    X(vars_missing, "vars-missing", warning)                             \
    X(vars_repeated, "vars-repeated", warning)                           \
    X(number_junk, "number-junk", warning)                               \
    X(current_epoch_raised, "current-epoch-raised", note)                \
    /* node line fields */                                               \
    X(too_few_fields, "too-few-fields", error)                           \
    X(node_id, "node-id", error)                                         \
    X(node_id_long, "node-id-long", warning)                             \
    X(master_id, "master-id", error)                                     \
    X(master_junk, "master-junk", warning)                               \
    X(duplicate_node, "duplicate-node", warning)                         \
    X(address_no_colon, "address-no-colon", error)                       \
    X(ip_too_long, "ip-too-long", error)                                 \
    X(port_junk, "port-junk", warning)                                   \
    X(port_range, "port-range", warning)                                 \
    X(bus_port_range, "bus-port-range", warning)                         \
    X(address_tail_ignored, "address-tail-ignored", warning)             \
    X(hostname_aux_tail, "hostname-aux-tail", warning)                   \
    X(aux_syntax, "aux-syntax", error)                                   \
    X(aux_charset, "aux-charset", error)                                 \
    X(aux_unknown_key, "aux-unknown-key", error)                         \
    X(aux_value, "aux-value", error)                                     \
    X(shard_id_mismatch, "shard-id-mismatch", error)                     \
    X(unknown_flag, "unknown-flag", error)                               \
    X(duplicate_myself, "duplicate-myself", error)                       \
    X(link_state, "link-state", note)                                    \
    X(replica_epoch, "replica-epoch", warning)                           \
    X(placeholder_node, "placeholder-node", warning)                     \
    X(handshake_dropped, "handshake-dropped", warning)                   \
    /* slots */                                                          \
    X(slot_range, "slot-range", error)                                   \
    X(slot_junk, "slot-junk", warning)                                   \
    X(slot_empty_range, "slot-empty-range", warning)                     \
    X(slot_overlap, "slot-overlap", warning)                             \
    X(open_slot_syntax, "open-slot-syntax", error)                       \
    X(open_slot_direction, "open-slot-direction", warning)               \
    X(open_slot_not_myself, "open-slot-not-myself", warning)             \
    X(open_slot_both, "open-slot-both", warning)                         \
    X(slots_uncovered, "slots-uncovered", note)                          \
    /* the cluster the file describes (the server never checks these) */ \
    X(duplicate_epoch, "duplicate-epoch", warning)                       \
    X(replica_with_slots, "replica-with-slots", warning)                 \
    X(replica_of_replica, "replica-of-replica", warning)                 \
    X(replica_of_self, "replica-of-self", warning)                       \
    X(replica_without_master, "replica-without-master", warning)         \
    X(no_role, "no-role", warning)                                       \
    X(shard_id_replica, "shard-id-replica", warning)                     \
    /* the file on disk */                                               \
    X(rewrite_completed, "rewrite-completed", note)                      \
    X(pending_rewrite, "pending-rewrite", warning)                       \
    X(file_in_use, "file-in-use", note)

enum class Code : std::uint16_t {
#define NODESCONF_X(id, name, severity) id,
    NODESCONF_FINDING_CODES(NODESCONF_X)
#undef NODESCONF_X
};

struct CodeInfo {
    Code code;
    std::string_view name;
    Severity severity;
};

// Every code, in declaration order: the message table.
std::span<const CodeInfo> all_codes();
const CodeInfo& code_info(Code code);
std::string_view code_name(Code code);
Severity code_severity(Code code);

struct Finding {
    Code code;
    Severity severity;
    std::uint32_t line = 0;    // 1-based physical line; 0 = the file as a whole
    std::uint32_t column = 0;  // 1-based byte column; 0 = the whole line
    std::uint32_t length = 0;  // bytes to underline under the caret
    std::string message;
};

Finding make_finding(Code code, std::uint32_t line, std::uint32_t column, std::uint32_t length,
                     std::string message);

struct FindingCounts {
    std::size_t errors = 0, warnings = 0, notes = 0;
};
FindingCounts count_findings(std::span<const Finding> findings);

}  // namespace nodesconf
