// A replay of the server's clusterLoadConfig over the file, driven by a Dialect. The server stops
// at the first fatal line; we note it and go on, so one run reports everything.
#include "nodesconf/parse.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <utility>

#include <fmt/format.h>

#include "address.h"
#include "ascending_slots.h"
#include "byte_marks.h"
#include "c_numbers.h"
#include "node_id_bytes.h"
#include "node_index.h"
#include "nodesconf/lines.h"
#include "nodesconf/tokenizer.h"
#include "prefault.h"
#include "slot_runs.h"

namespace nodesconf {

namespace {

using detail::c_atoi;
using detail::c_strtoll;
using detail::c_strtoull;
using detail::CNumber;

std::uint32_t u32(std::size_t v) {
    return static_cast<std::uint32_t>(v);
}

// Where a token sits, for findings.
struct Place {
    std::uint32_t line = 0, column = 0, length = 0;
};

class Loader {
  public:
    Loader(std::string_view bytes, const Dialect& dialect) : bytes_(bytes), d_(dialect) {}

    ParseResult run() {
        ParseResult result;
        if (bytes_.empty()) {
            result.empty_file = true;
            report(Code::empty_file, {1, 1, 0},
                   "the file is empty: the server starts as a new node with a new id and forgets "
                   "the cluster");
            result.findings = std::move(findings_);
            return result;
        }
        reserve_for_lines();
        for (LineReader reader(bytes_); auto line = reader.next();) read_line(*line);
        finish();
        result.config = std::move(config_);
        result.findings = std::move(findings_);
        result.findings_dropped = dropped_;
        result.evidence = evidence_;
        return result;
    }

  private:
    // A node per line at most (placeholders aside): sized once, the node list is not moved
    // while it grows.
    void reserve_for_lines() {
        std::size_t lines = 1 + detail::count_byte(bytes_, '\n');
        // A real node line has at least 64 bytes; lines of junk must not reserve gigabytes.
        lines = std::min(lines, bytes_.size() / 64 + 1);
        config_.nodes.reserve(lines);
        detail::prefault(config_.nodes.data(), lines * sizeof(Node));
        node_state_.reserve(lines);
        detail::prefault(node_state_.data(), lines * sizeof(NodeState));
        index_.reserve(lines);
    }

    // ---- reporting -----------------------------------------------------------------------
    // A pathological file can have a finding on every line: keep the first kMaxFindings (and
    // every error's count in `dropped_`), so memory stays bounded by the cap, not the file.
    void report(Code code, Place at, std::string message) {
        if (findings_.size() >= kMaxFindings) {
            ++dropped_[static_cast<std::size_t>(code_severity(code))];
            return;
        }
        findings_.push_back(make_finding(code, at.line, at.column, at.length, std::move(message)));
    }
    Place place(const Token& token) const {
        return {line_->line, line_->column + token.column, token.length};
    }
    Place place_in(const Token& token, std::uint32_t offset, std::uint32_t length) const {
        return {line_->line, line_->column + token.column + offset, length};
    }
    std::string describe(std::int32_t node) const {
        const Node& n = config_.nodes[node];
        if (n.line) return fmt::format("{} (line {})", n.id.prefix(8), n.line);
        return std::string(n.id.prefix(8));
    }

    // ---- lines ---------------------------------------------------------------------------
    // Starts 48 bytes into a 64-byte line (48 bytes of padding before the entry, never run):
    // the run of slot tokens inlined here is sensitive to where its branches fall. The same
    // build with read_line at 0, 16 or 32 bytes ran the 1 MB line and the slot-token series
    // 4-5 % slower (issue #7), and before this the offset moved with any change to code linked
    // in front of it. Other code's placement can still move it; this removes one cause.
    [[gnu::aligned(64), gnu::patchable_function_entry(48, 48)]] void read_line(
        const LogicalLine& line) {
        line_ = &line;
        // The next line's node id, looked up first thing there.
        if (const std::size_t next = line.offset + line.text.size() + 1;
            next + kNodeIdLength <= bytes_.size())
            index_.prefetch(bytes_.data() + next);
        if (line.continues_physical)
            report(Code::line_split, {line.line, line.column, 1},
                   fmt::format("line is longer than the server's {}-byte buffer: the rest is read "
                               "as a separate line",
                               kServerLineChunk));
        if (line.truncated_at_nul)
            report(Code::nul_byte, {line.line, u32(line.column + line.text.size()), 1},
                   line.text.empty()
                       ? "line starts with a NUL byte: the server skips the whole line"
                       : "NUL byte: the server ignores the rest of this line");
        if (line.skipped_as_blank) return;

        // The usual line has no quote: its node fields are read straight off the line and its
        // slot tokens streamed, never stored.
        if (plain_.scan(line.text)) {
            std::size_t count = 0;
            while (count < kNodeFields && plain_.next(fields_[count])) ++count;
            if (count == 0) return report_whitespace_line();
            if (!ascii_iequals(fields_[0].text, "vars")) {
                // The usual slot tokens after `t` are claimed straight off the line, in one
                // pass over the bytes; the tokenizer goes on after them.
                return read_node(fields_.data(), count, [&](std::int32_t n, Token& t) {
                    const std::size_t from = t.column + t.length;
                    if (const std::size_t to = claim_slot_run(n, from); to != from)
                        plain_.resume_after(to);
                    return plain_.next(t);
                });
            }
        }

        if (!tokenize(line.text, tokens_)) {
            const bool unterminated = tokens_.error() == TokenizeError::unterminated_quote;
            report(unterminated ? Code::unterminated_quote : Code::text_after_quote,
                   {line.line, line.column + tokens_.error_column(), 1},
                   unterminated ? "quote is never closed: the server rejects the line"
                                : "closing quote must be followed by a space");
            return;
        }
        if (tokens_.empty()) return report_whitespace_line();
        if (tokens_.any_quoted()) {
            for (const Token& t : tokens_)
                if (t.quoted) {
                    report(Code::quoted_token, place(t),
                           "quoted token: the server reads the unquoted text and writes it back "
                           "without quotes");
                    break;
                }
        }
        if (ascii_iequals(tokens_[0].text, "vars")) return read_vars();
        std::size_t next = kNodeFields;
        read_node(&tokens_[0], tokens_.size(), [&](std::int32_t, Token& t) {
            if (next >= tokens_.size()) return false;
            t = tokens_[next++];
            return true;
        });
    }

    void report_whitespace_line() {
        report(Code::whitespace_line, {line_->line, line_->column, u32(line_->text.size())},
               "line holds only whitespace: the server reads an uninitialised token here and "
               "either crashes or rejects the file (only an empty line is skipped)");
    }

    void read_vars() {
        const std::size_t argc = tokens_.size();
        if (argc % 2 == 0) {
            const Token& last = tokens_[argc - 1];
            report(Code::vars_odd, place(last),
                   d_.checks_vars_pairs
                       ? fmt::format("'{}' has no value: {} rejects a vars line with an odd number "
                                     "of keys and values",
                                     last.text, d_.name)
                       : fmt::format("'{}' has no value: {} reads past the end of the line "
                                     "(undefined behaviour, may crash)",
                                     last.text, d_.name));
        }
        if (config_.vars.present)
            report(Code::vars_repeated, place(tokens_[0]),
                   fmt::format("second vars line: its values replace those of line {}",
                               config_.vars.line));
        config_.vars.present = true;
        config_.vars.line = line_->line;
        vars_place_ = place(tokens_[0]);
        for (std::size_t j = 1; j + 1 < argc; j += 2) {
            const Token& key = tokens_[j];
            const Token& value = tokens_[j + 1];
            std::uint64_t* target = nullptr;
            if (ascii_iequals(key.text, "currentEpoch"))
                target = &config_.vars.current_epoch;
            else if (ascii_iequals(key.text, "lastVoteEpoch"))
                target = &config_.vars.last_vote_epoch;
            if (!target) {
                report(
                    Code::vars_unknown_key, place(key),
                    fmt::format("unknown vars key '{}': the server skips it and drops it on save",
                                key.text));
                continue;
            }
            *target = read_u64(value, key.text);
        }
    }

    std::uint64_t read_u64(const Token& token, std::string_view what) {
        CNumber info;
        const std::uint64_t value = c_strtoull(token.text, &info);
        if (!info.canonical || info.overflow)
            report(Code::number_junk, place(token),
                   fmt::format("{} '{}' is not a plain number; the server reads it as {}", what,
                               token.text, value));
        return value;
    }

    // ---- node lines ----------------------------------------------------------------------
    bool check_id(const Token& token, Code code, std::string_view what) {
        const std::string_view id = token.text;
        if (d_.checks_node_ids) {
            if (detail::node_id_text_valid(id)) return true;
            report(code, place(token),
                   fmt::format("{} '{}' is not 40 characters of [a-z0-9]: {} rejects the file",
                               what, id, d_.name));
            return false;
        }
        if (id.size() < kNodeIdLength) {
            report(code, place(token),
                   fmt::format("{} '{}' is shorter than 40 bytes: {} reads past it (undefined "
                               "behaviour, may crash)",
                               what, id, d_.name));
            return false;
        }
        if (id.size() > kNodeIdLength)
            report(Code::node_id_long, place(token),
                   fmt::format("{} is {} bytes: {} keeps only the first 40", what, id.size(),
                               d_.name));
        return true;
    }

    std::int32_t add_node(const NodeId& id, std::uint64_t hash) {
        const std::int32_t index = index_.insert(id, hash);
        config_.nodes.emplace_back(id);
        node_state_.emplace_back();
        if (d_.checks_shard_ids) shard_state_.emplace_back();
        return index;
    }

    // The master or migration target `id`; a placeholder node when the file has no line for it.
    std::int32_t lookup_or_placeholder(const NodeId& id, Place at, const char* role) {
        const std::uint64_t hash = id.hash();
        if (const std::int32_t known = index_.find(id, hash); known != kNoNode) return known;
        const std::int32_t index = add_node(id, hash);
        config_.nodes[index].placeholder = true;
        node_state_[index].placeholder_place = at;
        node_state_[index].placeholder_role = role;
        return index;
    }

    // id address flags master ping pong epoch link-state, then slot tokens from
    // `next_slot(n, token)`, which replaces the last token read with the next one (and may claim
    // slot tokens for node `n` itself on the way).
    static constexpr std::size_t kNodeFields = 8;
    template <typename NextToken>
    void read_node(const Token* fields, std::size_t argc, NextToken&& next_slot) {
        if (argc < kNodeFields) {
            if (argc >= 2) evidence_.note_address(fields[1].text);  // read_address() does it else
            report(Code::too_few_fields, {line_->line, line_->column, u32(line_->text.size())},
                   fmt::format("node line has {} field{}, at least 8 are needed: id address "
                               "flags master ping pong epoch link-state",
                               argc, argc == 1 ? "" : "s"));
            return;
        }
        // The master's index cell is wanted after the address and flags: ask for it now.
        if (fields[3].text.size() == kNodeIdLength) index_.prefetch(fields[3].text.data());
        check_id(fields[0], Code::node_id, "node id");
        const NodeId id = NodeId::from_text(fields[0].text);
        const std::uint64_t hash = id.hash();
        std::int32_t n = index_.find(id, hash);
        if (n != kNoNode) {
            if (!config_.nodes[n].placeholder)
                report(Code::duplicate_node, place(fields[0]),
                       fmt::format("node {} already has line {}: the server merges the lines "
                                   "(flags OR-ed, later fields win)",
                                   id.prefix(8), config_.nodes[n].line));
        } else {
            n = add_node(id, hash);
        }
        {
            Node& node = config_.nodes[n];
            if (node.placeholder || node.line == 0) node.line = line_->line;
            node.placeholder = false;
        }

        read_address(n, fields[1]);
        read_flags(n, fields[2]);
        read_master(n, fields[3]);

        Node& node = config_.nodes[n];
        std::uint64_t plain = 0;
        node.ping_sent = read_number(fields[4], plain) ? static_cast<std::int64_t>(plain)
                                                       : c_strtoll(fields[4].text);
        node.pong_received = read_number(fields[5], plain) ? static_cast<std::int64_t>(plain)
                                                           : c_strtoll(fields[5].text);

        CNumber epoch_info{true, false};
        const std::uint64_t epoch =
            read_number(fields[6], plain) ? plain : c_strtoull(fields[6].text, &epoch_info);
        if (!epoch_info.canonical || epoch_info.overflow)
            report(Code::number_junk, place(fields[6]),
                   fmt::format("configEpoch '{}' is not a plain number; the server reads it as {}",
                               fields[6].text, epoch));
        node_state_[n].file_epoch = epoch;
        node_state_[n].epoch_place = place(fields[6]);
        node.config_epoch = d_.ignores_replica_epoch_on_load && node.is_replica() ? 0 : epoch;

        const std::string_view link = fields[7].text;
        node.connected = is_literal(link, "connected");
        if (!node.connected && !is_literal(link, "disconnected"))
            report(Code::link_state, place(fields[7]),
                   fmt::format("link state '{}' is neither connected nor disconnected; the server "
                               "ignores it",
                               link));

        // The usual token, a plain in-range slot or range, is claimed here, where the token is
        // still in registers; anything else goes the long way with its findings.
        for (Token slot = fields[7]; next_slot(n, slot);) {
            int start = 0, stop = 0;
            if (read_usual_slots(slot, start, stop))
                claim_slots(n, slot.column, slot.length, start, stop);
            else
                read_slot_token(n, slot);
        }
    }

    // A fresh node's ip is empty, and appending to it skips assign's aliasing and replace
    // checks: 35 fewer instructions a line (callgrind). A node repeated on a later line is
    // reassigned.
    static void set_ip(Node& node, std::string_view ip) {
        if (node.ip.empty())
            node.ip.append(ip);
        else
            node.ip.assign(ip);
    }

    void read_address(std::int32_t n, const Token& token) {
        auto report_at = [&](Code code, std::uint32_t column, std::uint32_t length,
                             std::string message) {
            report(code, place_in(token, column, length), std::move(message));
        };
        Node& node = config_.nodes[n];
        if (detail::UsualAddress usual; detail::split_usual_address(
                token.text.data(), token.text.size(), readable(token), d_.address_style, usual)) {
            set_ip(node, {token.text.data(), usual.ip_length});
            node.port = usual.port;
            node.cport = usual.cport;
            node.cport_given = usual.cport_given;
            if (usual.length == token.text.size()) {
                evidence_.note_address_without_comma(usual.has_at);
                node.hostname.clear();  // a node repeated on a later line
                return;
            }
            // What 7.2+ servers write: `ip:port@cport,hostname,tls-port=0,shard-id=...`.
            const std::string_view tail = token.text.substr(usual.length + 1);
            evidence_.note_address_tail(tail);
            detail::split_address_tail(token.text, usual.length + 1, d_, report_at, address_);
        } else {
            evidence_.note_address(token.text);
            detail::parse_address(token.text, d_, report_at, address_);
            set_ip(node, address_.ip);
            node.port = address_.port;
            node.cport = address_.cport;
            node.cport_given = address_.cport_given;
        }
        const detail::ParsedAddress& parsed = address_;
        if (d_.address_style == AddressStyle::hostname || d_.address_style == AddressStyle::aux)
            node.hostname.assign(parsed.hostname);

        // The setters, in file order. tcp-port moves the plaintext port out of the main field.
        bool has_tcp = false, has_tls = false;
        int tcp_port = 0;
        node.aux.reserve(node.aux.size() + parsed.aux.size());  // one allocation, not 1, 2, 4
        for (const detail::AuxToken& aux : parsed.aux) {
            if (!aux.valid) continue;
            if (aux.id == AuxKey::tcp_port) {
                has_tcp = true;
                tcp_port = c_atoi(aux.value);
                continue;
            }
            if (aux.id == AuxKey::tls_port) {
                has_tls = true;
                node.set_aux(aux.key, std::to_string(c_atoi(aux.value)));
                continue;
            }
            node.set_aux(aux.key, std::string(aux.value));
            if (aux.id == AuxKey::shard_id && d_.checks_shard_ids) {
                shard_state_[n].shard_id_place = place_in(token, aux.column, aux.length);
                set_shard_id(n, aux.value, shard_state_[n].shard_id_place);
            }
        }
        if (has_tcp) {
            if (!has_tls) node.set_aux("tls-port", std::to_string(node.port));
            node.port = tcp_port;
            if (!node.cport_given) node.cport = tcp_port + 10000;
        }
    }

    // auxShardIdSetter: the node's replicas already attached must carry the same shard id.
    // Only for dialects that check shard ids (shard_state_ is empty otherwise).
    void set_shard_id(std::int32_t n, std::string_view shard_id, Place at) {
        ShardState& state = shard_state_[n];
        state.shard_id = NodeId::from_text(shard_id);
        state.registered = true;
        state.replicas.for_each([&](std::int32_t replica) {
            const NodeId& theirs = shard_state_[replica].shard_id;
            if (theirs == state.shard_id) return;
            report(Code::shard_id_mismatch, at,
                   theirs.view().empty()
                       ? fmt::format("replica {} has no shard-id, so {} gives it a random one that "
                                     "differs from this master's {}: it rejects the file",
                                     describe(replica), d_.name, shard_id)
                       : fmt::format("replica {} has shard-id {}, this master {}: {} rejects the "
                                     "file",
                                     describe(replica), theirs.view(), shard_id, d_.name));
        });
    }

    void read_flags(std::int32_t n, const Token& token) {
        const std::string_view text = token.text;
        if (apply_written_role(config_.nodes[n], text)) return;  // a lone role: no split
        // A short field's commas are marked at once: a memchr call per flag cost more than the
        // flags' own reading.
        const bool marked =
            text.size() <= detail::kMarkedBytes && readable(token) >= detail::kMarkedBytes;
        std::uint32_t commas =
            marked ? detail::ByteMarks32(text.data()).of(',') & detail::first_bits(text.size()) : 0;
        std::size_t start = 0;
        while (true) {
            std::size_t comma = std::string_view::npos;
            if (!marked)
                comma = text.find(',', start);
            else if (commas != 0)
                comma = static_cast<std::size_t>(__builtin_ctz(commas)), commas &= commas - 1;
            const std::string_view flag = text.substr(
                start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
            const Place at =
                place_in(token, u32(start), u32(std::max<std::size_t>(flag.size(), 1)));
            apply_flag(n, flag, at);
            if (comma == std::string_view::npos) break;
            start = comma + 1;
        }
    }

    // A role spelled as every server writes it, `master` or `slave`, applied with two exact
    // compares before any split or case-blind compare. False for anything else.
    static bool apply_written_role(Node& node, std::string_view flag) {
        if (!is_literal(flag, "master") && !is_literal(flag, "slave")) return false;
        node.flags |= flag[0] == 'm' ? kMaster : kSlave;
        return true;
    }

    void apply_flag(std::int32_t n, std::string_view flag, Place at) {
        Node& node = config_.nodes[n];
        if (apply_written_role(node, flag)) return;
        if (ascii_iequals(flag, "myself")) {
            if (myself_ != kNoNode) {
                report(Code::duplicate_myself, at,
                       fmt::format("second 'myself' (first on line {}): the server fails an "
                                   "assertion and crashes",
                                   myself_line_));
            } else {
                myself_ = n;
                myself_line_ = line_->line;
            }
            node.flags |= kMyself;
            return;
        }
        if (ascii_iequals(flag, "noflags")) return;
        if (d_.role_aliases && ascii_iequals(flag, "primary")) {
            node.flags |= kMaster;
            return;
        }
        if (d_.role_aliases && ascii_iequals(flag, "replica")) {
            node.flags |= kSlave;
            return;
        }
        for (const FlagName& known : kFlagNames) {
            if (known.flag == kNofailover && !d_.knows_nofailover) continue;
            if (ascii_iequals(flag, known.name)) {
                node.flags |= known.flag;
                return;
            }
        }
        report(Code::unknown_flag, at,
               flag.empty()
                   ? fmt::format("empty flag (a stray ','): {} panics and crashes", d_.name)
                   : fmt::format("unknown flag '{}': {} panics and crashes", flag, d_.name));
    }

    void read_master(std::int32_t n, const Token& token) {
        if (token.text.empty() || token.text[0] == '-') {
            if (token.text.size() > 1)
                report(Code::master_junk, place(token),
                       fmt::format("master '{}' starts with '-': the server reads it as no master "
                                   "and writes '-'",
                                   token.text));
            return;
        }
        if (!check_id(token, Code::master_id, "master id")) return;
        const std::int32_t master =
            lookup_or_placeholder(NodeId::from_text(token.text), place(token), "master");
        Node& node = config_.nodes[n];
        node.master = master;
        if (!d_.checks_shard_ids) return;

        const ShardState& mine = shard_state_[n];
        const ShardState& theirs = shard_state_[master];
        if (theirs.registered && theirs.shard_id != mine.shard_id)
            report(Code::shard_id_mismatch, mine.registered ? mine.shard_id_place : place(token),
                   mine.shard_id.view().empty()
                       ? fmt::format("this replica has no shard-id, so {} gives it a random "
                                     "one that differs from its master's {} ({}): it rejects "
                                     "the file",
                                     d_.name, theirs.shard_id.view(), describe(master))
                       : fmt::format("shard-id {} differs from its master's {} ({}): {} "
                                     "rejects the file",
                                     mine.shard_id.view(), theirs.shard_id.view(), describe(master),
                                     d_.name));
        // clusterNodeAddSlave ignores a replica already in the list; a node is in few lists (one
        // per master its lines named), so look there rather than in the master's long list. The
        // lists matter only to the shard-id setter.
        IndexList& masters = shard_state_[n].attached_to;
        if (!masters.contains(master)) {
            masters.push_back(master);
            shard_state_[master].replicas.push_back(n);
        }
    }

    // The usual slot token at `p`, "N" or "N-M" with 1 to 5 digits each and start <= stop <=
    // 16383, read with two 8-byte loads (16 bytes from `p` must be in the file buffer): the
    // tokens of a line of slots vary in length, and a digit loop mispredicts its exit on most of
    // them. Returns where the token's text ends, or nullptr for anything else, and where digits
    // go on past `limit` (the end of the line, or of a token the tokenizer found).
    static const char* scan_usual_slots(const char* p, const char* limit, int& start, int& stop) {
        std::uint64_t word = detail::load_eight_bytes(p);
        const unsigned digits = detail::leading_digit_count(word);
        if (digits - 1 >= 5 || p + digits > limit) return nullptr;
        start = stop = static_cast<int>(detail::leading_digits_value(word, digits));
        const char* end = p + digits;
        if (end < limit && *end == '-') {
            word = detail::load_eight_bytes(end + 1);
            const unsigned stop_digits = detail::leading_digit_count(word);
            if (stop_digits - 1 >= 5 || end + 1 + stop_digits > limit) return nullptr;
            stop = static_cast<int>(detail::leading_digits_value(word, stop_digits));
            end += 1 + stop_digits;
        }
        return start <= stop && stop < kSlotCount ? end : nullptr;
    }

    // The usual slot tokens, each after one space, claimed straight from the line from byte
    // `from` on (just past a token): a line of thousands of single slots otherwise spends most
    // of its time finding where its tokens start and end. Stops at the first other token, for
    // the long way. Returns the byte just past the last token it claimed.
    std::size_t claim_slot_run(std::int32_t n, std::size_t from) {
        const char* const line = line_->text.data();
        const char* const end = line + line_->text.size();
        const char* const loads_end = bytes_.data() + bytes_.size();
        const char* taken = line + from;
        while (end - taken >= 2 && *taken == ' ' && loads_end - taken >= 17) {
            const char* const token = taken + 1;
            int start, stop;
            const char* const token_end = scan_usual_slots(token, end, start, stop);
            if (!token_end || (token_end < end && *token_end != ' ')) break;
            const auto length = u32(static_cast<std::size_t>(token_end - token));
            claim_slots(n, u32(static_cast<std::size_t>(token - line)), length, start, stop);
            taken = token_end;
            // A single slot may begin a run of them: the slots after it in order, then any
            // others, read a block at a time. Tried first on every token, the blocks cost a
            // line of one range, or of open slots, more than they gained (open-slot file 635
            // -> 725 us).
            if (start == stop) {
                taken = claim_ascending_slots(n, start, taken, end);
                if (loads_end - taken >= kSingleSlotsReach)
                    taken = claim_single_slots(n, taken, end);
            }
        }
        if (end - taken >= 2 && *taken == ' ' && taken[1] == '[')
            taken = claim_open_slots(n, taken, end);
        return static_cast<std::size_t>(taken - line);
    }

    // Open-slot markers "[N->-ID]" and "[N-<-ID]", each after one space, whose target is the
    // last one read (byte for byte, so known valid), on the myself line: what read_open_slot
    // would record for them, recorded straight from the line. A line of 16,384 of them
    // otherwise spends most of its time cutting each into a token and taking it apart (issue
    // #7: 39 ns a marker in the 1 MB open-slot file). Returns the byte just past the last one.
    [[gnu::noinline]] const char* claim_open_slots(std::int32_t n, const char* taken,
                                                   const char* end) {
        constexpr std::ptrdiff_t kShortest = 1 + 1 + 3 + kNodeIdLength + 1;  // "[0->-ID]"
        if (last_target_text_.size() != kNodeIdLength || !config_.nodes[n].has(kMyself))
            return taken;
        const char* const line = line_->text.data();
        while (end - taken > kShortest && *taken == ' ') {
            const char* const token = taken + 1;
            const std::uint64_t slot_digits = detail::load_eight_bytes(token + 1);
            const unsigned digits = detail::leading_digit_count(slot_digits);
            const std::ptrdiff_t length = kShortest - 1 + digits;
            if (*token != '[' || digits - 1 >= 5 || end - token < length) break;
            const char* const arrow = token + 1 + digits;
            const bool migrating = arrow[1] == '>';
            if (arrow[0] != '-' || arrow[2] != '-' || (!migrating && arrow[1] != '<') ||
                token[length - 1] != ']' || (token + length < end && token[length] != ' ') ||
                !is_last_target({arrow + 3, kNodeIdLength}))
                break;
            const auto slot = static_cast<int>(detail::leading_digits_value(slot_digits, digits));
            if (slot >= kSlotCount) break;
            if (migrating) {
                config_.migrating_to[slot] = last_target_;
            } else {
                config_.importing_from[slot] = last_target_;
                note_importing(slot, u32(static_cast<std::size_t>(token - line)),
                               u32(static_cast<std::size_t>(length)));
            }
            taken = token + length;
        }
        return taken;
    }

    // The single-slot tokens after slot `after` (claimed by the token just before `taken`, a
    // space or the line's end) that go on in order, "after+1 after+2 ...", each a free slot or
    // one already `n`'s: their text is a piece of the text of all slots in order, and they are
    // claimed as one range. Returns the space (or the line's end) after the last one claimed.
    const char* claim_ascending_slots(std::int32_t n, int after, const char* taken,
                                      const char* end) {
        if (after + 1 >= kSlotCount) return taken;
        const std::size_t from = detail::space_before_slot(after + 1);
        // Slots in another order stop here, at " after+1" against the next token's bytes (8 of
        // them from `taken` lie in the file buffer): a test of the first digit let one token in
        // nine through, and a 1 MB line of slots in a shuffled order read 13 % slower.
        const std::size_t width = detail::band_of_slot(after + 1).width;
        const std::uint64_t differ =
            detail::load_eight_bytes(taken) ^
            detail::load_eight_bytes(detail::kAscendingSlotsText.data() + from);
        if ((differ & ((std::uint64_t{1} << (8 * width)) - 1)) != 0) return taken;
        return claim_ascending_run(n, after, from, taken, end);
    }
    [[gnu::noinline]] const char* claim_ascending_run(std::int32_t n, int after, std::size_t from,
                                                      const char* taken, const char* end) {
        const std::string_view ascending = detail::ascending_slots_text();
        const auto left = static_cast<std::size_t>(end - taken);
        std::size_t matched = detail::matching_prefix(taken, ascending.data() + from,
                                                      std::min(left, ascending.size() - from));
        // Tokens end at a space, or where the line does.
        if (matched == left && from + matched < ascending.size() &&
            ascending[from + matched] == ' ')
            ++matched;
        int last = detail::last_slot_spaced_before(from + matched) - 1;
        if (const int foreign = first_foreign_slot(n, after + 1, last); foreign <= last)
            last = foreign - 1;  // the scalar way reports the overlap at its token
        if (last <= after) return taken;
        int overlapping = 0;
        std::int32_t other = kNoNode;
        assign_slots(n, after + 1, last, overlapping, other);
        return taken + (detail::space_before_slot(last + 1) - from);
    }

    // The first slot of [first, last] that a node other than `n` holds, or last + 1.
    int first_foreign_slot(std::int32_t n, int first, int last) const {
        // A block with a slot of another node's has cells: the table exists there.
        const std::span<const std::int32_t> owners =
            std::as_const(config_.slot_owner).written_cells();
        for (int slot = first; slot <= last;) {
            const int block = slot / kBlock;
            const int block_last = std::min(last, block * kBlock + kBlock - 1);
            if (const std::int32_t owner = block_owner_[block]; owner == kNoNode || owner == n) {
                slot = block_last + 1;
                continue;
            }
            for (; slot <= block_last; ++slot)
                if (owners[slot] != kNoNode && owners[slot] != n) return slot;
        }
        return last + 1;
    }

    // Bytes from a block's first space that claim_single_slots reads: its 64 bytes of masks,
    // and 8 bytes at a token starting at most 64 bytes in.
    static constexpr std::ptrdiff_t kSingleSlotsBlock = 2 * detail::kMarkedBytes;
    static constexpr std::ptrdiff_t kSingleSlotsReach = kSingleSlotsBlock + 9;

    // The single-slot tokens ("N") whose both spaces lie in the 64 bytes from `block` (a space),
    // or whose token ends the line there, each a free slot or one already `n`'s. Returns the
    // space (or the line's end) after the last one claimed: `block` itself where the first token
    // is anything else. Read one after another, each token waited on the previous one's load
    // and digit count (issue #7: the 1 MB line took 5.6 ns a token that way); here each starts
    // where the mask of spaces says, the mask of digits vouches for its bytes beforehand, and
    // the tokens of a block are read side by side.
    const char* claim_single_slots(std::int32_t n, const char* block, const char* end) {
        const detail::ByteMarks32 low(block), high(block + detail::kMarkedBytes);
        std::uint64_t spaces = low.of(' ') | std::uint64_t{high.of(' ')} << 32;
        std::uint64_t other = ~(spaces | low.digits() | std::uint64_t{high.digits()} << 32);
        if (const std::ptrdiff_t left = end - block; left < kSingleSlotsBlock) {
            // The line's end closes its last token like a space; past it nothing counts.
            const std::uint64_t in_line = (std::uint64_t{1} << left) - 1;
            spaces = (spaces & in_line) | std::uint64_t{1} << left;
            other &= in_line;
        }
        spaces &= (other & -other) - 1;  // only tokens wholly before the first other byte
        std::int32_t* const owners = settled_slot_owners();
        unsigned at = 0;  // where the last claimed token ends
        for (spaces &= spaces - 1; spaces != 0; spaces &= spaces - 1) {
            const auto next = static_cast<unsigned>(std::countr_zero(spaces));
            const unsigned digits = next - at - 1;
            if (digits - 1 >= 5) break;  // two spaces in a row, or a number too long for a slot
            const auto slot = static_cast<int>(
                detail::leading_digits_value(detail::load_eight_bytes(block + at + 1), digits));
            if (slot >= kSlotCount) break;
            if (std::int32_t& owner = owners[slot]; owner != n) {
                if (owner != kNoNode) break;  // the scalar way reports the overlap
                owner = n;
                note_filled(static_cast<int>(static_cast<unsigned>(slot) / kBlock), 1);
            }
            at = next;
        }
        return block + at;
    }

    // `token` is the usual slot token: the 8-byte loads where it lies in the file buffer, a
    // digit loop for a quoted token or one at the buffer's end.
    bool read_usual_slots(const Token& token, int& start, int& stop) const {
        const char* const p = token.text.data();
        // readable(token) >= 16, spelled out: written as that call, the slot-token series ran
        // 4-5 % slower in an A/B (the loop's speed follows its code layout).
        if (!token.quoted && bytes_.data() + bytes_.size() - p >= 16)
            return scan_usual_slots(p, p + token.text.size(), start, stop) == p + token.text.size();
        return read_plain_slots(token.text, start, stop) && start <= stop && stop < kSlotCount;
    }

    // How many bytes from the token's text lie in the file buffer, for loads past its end.
    std::size_t readable(const Token& token) const {
        return token.quoted ? 0 : static_cast<std::size_t>(bytes_.end() - token.text.data());
    }

    // A number field's plain digits, read with two 8-byte loads where the file buffer allows.
    bool read_number(const Token& token, std::uint64_t& value) const {
        return readable(token) >= 16 && detail::read_sixteen_digits(token.text, value);
    }

    // The usual slot token, "N" or "N-M" with one to five digits each; false for anything else.
    static bool read_plain_slots(std::string_view text, int& start, int& stop) {
        std::size_t i = 0;
        auto number = [&](int& value) {
            const std::size_t begin = i;
            value = 0;
            for (; i < text.size() && i - begin <= 5 && static_cast<unsigned>(text[i] - '0') < 10;
                 ++i)
                value = value * 10 + (text[i] - '0');
            return i > begin && i - begin <= 5;
        };
        if (!number(start)) return false;
        if (i == text.size()) {
            stop = start;
            return true;
        }
        if (text[i++] != '-') return false;
        return number(stop) && i == text.size();
    }

    void read_slot_token(std::int32_t n, const Token& token) {
        const std::string_view text = token.text;
        if (!text.empty() && text[0] == '[') {
            read_open_slot(n, token);
            return;
        }
        int start, stop;
        bool canonical = true;
        if (!read_plain_slots(text, start, stop)) {  // junk: read it the way atoi does
            CNumber a, b;
            const auto dash = text.find('-');
            if (dash != std::string_view::npos) {
                start = c_atoi(text.substr(0, dash), &a);
                stop = c_atoi(text.substr(dash + 1), &b);
            } else {
                start = stop = c_atoi(text, &a);
                b = a;
            }
            canonical = a.canonical && b.canonical;
        }
        if (start < 0 || start >= kSlotCount || stop < 0 || stop >= kSlotCount) {
            const int bad = (start < 0 || start >= kSlotCount) ? start : stop;
            report(Code::slot_range, place(token),
                   fmt::format("slot {} is out of range 0-16383", bad));
            return;
        }
        if (!canonical)
            report(Code::slot_junk, place(token),
                   start == stop
                       ? fmt::format("'{}' is not a slot number; the server reads slot {}", text,
                                     start)
                       : fmt::format("'{}' is not a slot range; the server reads {}-{}", text,
                                     start, stop));
        if (start > stop) {
            report(Code::slot_empty_range, place(token),
                   fmt::format("range {}-{} runs backwards: the server assigns no slot from it",
                               start, stop));
            return;
        }
        claim_slots(n, token.column, token.length, start, stop);
    }

    // The token's column and length are only for a finding: a run of thousands of slot tokens
    // need not build a Token for each.
    [[gnu::always_inline]] void claim_slots(std::int32_t n, std::uint32_t column,
                                            std::uint32_t length, int start, int stop) {
        if (start == stop) {  // a single slot, as in a file of many tokens: no block arithmetic
            std::int32_t& owner = settled_slot_owners()[start];
            if (owner == n) return;
            if (owner != kNoNode) return report_overlap(column, length, start, stop, 1, owner);
            owner = n;
            note_filled(start / kBlock, 1);
            return;
        }
        int taken = 0;
        std::int32_t other = kNoNode;
        assign_slots(n, start, stop, taken, other);
        if (taken > 0) report_overlap(column, length, start, stop, taken, other);
    }

    [[gnu::noinline]] void report_overlap(std::uint32_t column, std::uint32_t length, int start,
                                          int stop, int taken, std::int32_t other) {
        report(Code::slot_overlap, {line_->line, line_->column + column, length},
               taken == 1 && start == stop
                   ? fmt::format("slot {} is claimed by 2 nodes; the server keeps the first, {}",
                                 start, describe(other))
                   : fmt::format("{} of slots {}-{} are already claimed (first by {}); the "
                                 "server keeps the first claim",
                                 taken, start, stop, describe(other)));
    }

    // clusterAddSlot over [start, stop]: the first claim wins. Whole 64-slot blocks with one
    // owner are handled at once, so a line of 300,000 "0-16383" tokens stays linear.
    static constexpr int kBlock = SlotTable::kBlock;
    static constexpr std::int32_t kMixed = SlotTable::kSeveral;
    void assign_slots(std::int32_t n, int start, int stop, int& taken, std::int32_t& other) {
        for (int slot = start; slot <= stop;) {
            const int block = slot / kBlock;
            const int block_end = block * kBlock + kBlock - 1;
            const bool whole_block = slot == block * kBlock && block_end <= stop;
            if (whole_block && block_owner_[block] != kMixed) {
                const std::int32_t owner = block_owner_[block];
                if (owner == kNoNode) {
                    // This block and the free whole blocks after it within the range, in one
                    // fill: a master's thousands of slots are one run of stores, not a call and
                    // a short loop a block (a 6-node file: 256 of them, 2.4 of its 8.4 us).
                    int last_block = block;
                    while ((last_block + 2) * kBlock - 1 <= stop &&
                           block_owner_[last_block + 1] == kNoNode)
                        ++last_block;
                    for (int b = block; b <= last_block; ++b) {
                        block_owner_[b] = n;
                        block_filled_[b] = kBlock;
                    }
                    const int end = (last_block + 1) * kBlock;
                    detail::fill_run({slot_owners(), kSlotCount}, std::size_t(slot),
                                     std::size_t(end), n);
                    slot = end;
                    continue;
                } else if (owner != n) {
                    taken += kBlock;
                    if (other == kNoNode) other = owner;
                }
                slot = block_end + 1;
                continue;
            }
            if (whole_block && block_filled_[block] == kBlock) {
                count_claimed_block(n, block, taken, other);  // full, several owners
                slot = block_end + 1;
                continue;
            }
            // A partial block: filled at once where all its cells are free (a master's slots
            // begin and end mid-block), else slot by slot; then its summary.
            const int run_end = std::min(stop, block_end);
            if (all_free(slot, run_end + 1)) {
                clear_if_untouched(block);
                detail::fill_run({slot_owners(), kSlotCount}, std::size_t(slot),
                                 std::size_t(run_end) + 1, n);
                note_filled(block, run_end + 1 - slot);
                slot = run_end + 1;
                continue;
            }
            int filled = 0;
            for (; slot <= run_end; ++slot) {
                std::int32_t& owner = slot_owners()[slot];
                if (owner == kNoNode) {
                    owner = n;
                    ++filled;
                } else if (owner != n) {
                    ++taken;
                    if (other == kNoNode) other = owner;
                }
            }
            if (filled > 0) note_filled(block, filled);
        }
    }
    // Whether slots [first, end) of one block have no owner: eight cells a test group.
    bool all_free(int first, int end) const {
        if (block_owner_[first / kBlock] == kNoNode) return true;  // the whole block is free
        const std::int32_t* cells = std::as_const(config_.slot_owner).written_cells().data();
        std::int32_t owned = 0;  // kNoNode is -1: a free cell's bits are all set
        int i = first;
        for (; i + 8 <= end; i += 8)
            for (int k = 0; k < 8; ++k) owned |= ~cells[i + k];
        for (; i < end; ++i) owned |= ~cells[i];
        return owned == 0;
    }
    // The slot owner table, made without its first fill: a block's cells are set when its first
    // slot is claimed, by the claim where it takes the whole block and by clear_if_untouched()
    // otherwise, and the blocks no claim touched are set free at the end (settle_slot_owners).
    // So a block with a claimed slot has every cell set, and no other block's cell is read.
    // Claims of single slots read cells anywhere: they settle every cell first, once, rather
    // than test a block a token (a 1 MB line of single slots in shuffled order ran 7 % slower).
    // Taken once: each call of the table's own accessor would drop its block summary again.
    std::int32_t* slot_owners() {
        if (!slot_owner_cells_) slot_owner_cells_ = config_.slot_owner.data_for_overwrite();
        return slot_owner_cells_;
    }
    std::int32_t* settled_slot_owners() {
        if (!slot_owners_settled_) settle_slot_owners();
        return slot_owners();
    }
    void clear_if_untouched(int block) {
        if (block_filled_[block] == 0 && !slot_owners_settled_)
            std::fill_n(slot_owners() + block * kBlock, kBlock, kNoNode);
    }
    void settle_slot_owners() {
        for (int block = 0; block < kSlotCount / kBlock; ++block) clear_if_untouched(block);
        slot_owners_settled_ = true;
    }

    // `filled` more slots of `block` got an owner: its summary is mixed until the last one has.
    void note_filled(int block, int filled) {
        block_filled_[block] += filled;
        block_owner_[block] = block_filled_[block] == kBlock ? uniform_owner(block) : kMixed;
    }

    // A full block with several owners never changes again (the first claim wins), so who owns
    // how many of its cells is counted once, at the first claim over all of it. Such a claim
    // then costs a lookup, not 64 cells: a line of 260,000 "0-16383" tokens against a node
    // holding one slot in every block took 3.5 s cell by cell. (Most files have full blocks with
    // two owners, where one master's slots end, and no claim over them: no census.)
    struct BlockCensus {
        std::vector<std::pair<std::int32_t, int>> cells_by_owner;  // sorted by owner; empty: none
        std::int32_t second_owner = kNoNode;  // the first cell's owner differing from the first's
    };
    const BlockCensus& census_of(int block) {
        if (census_.empty()) census_.resize(kSlotCount / kBlock);
        BlockCensus& census = census_[static_cast<std::size_t>(block)];
        if (!census.cells_by_owner.empty()) return census;
        const std::int32_t* cells = slot_owners() + block * kBlock;
        std::array<std::int32_t, kBlock> owners;
        std::copy(cells, cells + kBlock, owners.begin());
        std::sort(owners.begin(), owners.end());
        for (const std::int32_t owner : owners) {
            if (census.cells_by_owner.empty() || census.cells_by_owner.back().first != owner)
                census.cells_by_owner.emplace_back(owner, 0);
            ++census.cells_by_owner.back().second;
        }
        // uniform_owner() makes the same search with all_of. One helper for both was tried: the
        // single-slot file ran 4.5 % and the 1 MB line 6 % slower, since uniform_owner() is
        // inlined into the slot-token loop, whose speed follows its code layout.
        census.second_owner =
            *std::find_if(cells, cells + kBlock, [&](std::int32_t c) { return c != cells[0]; });
        return census;
    }
    // What a claim of all of a full block with several owners by node `n` finds, as the claim
    // cell by cell would: the cells others own, and the first other owner in slot order.
    [[gnu::noinline, gnu::cold]] void count_claimed_block(std::int32_t n, int block, int& taken,
                                                          std::int32_t& other) {
        const BlockCensus& census = census_of(block);
        const auto mine = std::lower_bound(census.cells_by_owner.begin(),
                                           census.cells_by_owner.end(), std::pair{n, 0});
        const int own = mine != census.cells_by_owner.end() && mine->first == n ? mine->second : 0;
        taken += kBlock - own;
        if (other == kNoNode && own < kBlock) {
            const std::int32_t first = slot_owners()[block * kBlock];
            other = first != n ? first : census.second_owner;
        }
    }
    std::int32_t uniform_owner(int block) {
        const std::int32_t* cells = slot_owners() + block * kBlock;
        return std::all_of(cells, cells + kBlock, [&](std::int32_t c) { return c == cells[0]; })
                   ? cells[0]
                   : kMixed;
    }

    // Where each importing marker is, in file order, for finish(). A line of 16,384 of them gets
    // room for all the rest of the line may hold at once: doubling a buffer past malloc's mmap
    // threshold maps fresh pages every time (validating the 1 MB open-slot file: 595 -> 534 page
    // faults, 2.29-2.42 -> 2.13-2.19 ms whole process).
    void note_importing(int slot, std::uint32_t column, std::uint32_t length) {
        if (importing_places_.size() == importing_places_.capacity()) {
            constexpr std::size_t kShortestMarker = 47;  // " [0-<-" and a 40-byte id and "]"
            const std::size_t rest = line_->text.size() - (column + length);
            importing_places_.reserve(
                std::max(2 * importing_places_.size(),
                         importing_places_.size() + rest / kShortestMarker + 1));
        }
        importing_places_.push_back({slot, {line_->line, line_->column + column, length}});
    }

    // An open-slot token split the server's way: the slot before the first '-', the direction
    // byte after it, the target id from 3 bytes after it.
    struct OpenSlot {
        int slot = 0;
        std::size_t dash = 0;
        std::string_view target_text;
    };

    void read_open_slot(std::int32_t n, const Token& token) {
        const std::string_view text = token.text;
        OpenSlot open;
        if (!read_plain_open_slot(text, open) && !read_odd_open_slot(token, open)) return;
        const std::size_t dash = open.dash;
        const int slot = open.slot;
        const char direction = dash + 1 < text.size() ? text[dash + 1] : '\0';
        const std::string_view target_text = open.target_text;
        if (direction != '>' && direction != '<')
            report(Code::open_slot_direction, place_in(token, u32(dash + 1), 1),
                   fmt::format("'{}' is neither '->-' (migrating) nor '-<-' (importing): the "
                               "server takes it as importing",
                               text.substr(dash, 3)));
        else if (text[dash + 2] != '-')  // the server skips this byte unread
            report(Code::open_slot_direction, place_in(token, u32(dash + 2), 1),
                   direction == '>' ? fmt::format("'{}' is not '->-': the server takes it as "
                                                  "migrating and writes '->-'",
                                                  text.substr(dash, 3))
                                    : fmt::format("'{}' is not '-<-': the server takes it as "
                                                  "importing and writes '-<-'",
                                                  text.substr(dash, 3)));

        // Open slots usually name one target over and over: the last one is remembered (by its
        // text in the file; a quoted token's text does not outlive its line).
        std::int32_t target = last_target_;
        if (token.quoted || !is_last_target(target_text)) {
            target = lookup_or_placeholder(NodeId::from_text(target_text), place(token),
                                           "migration target");
            if (!token.quoted) last_target_text_ = target_text, last_target_ = target;
        }
        const bool migrating = direction == '>';
        (migrating ? config_.migrating_to : config_.importing_from)[slot] = target;
        if (!migrating) note_importing(slot, token.column, token.length);
        if (!config_.nodes[n].has(kMyself))
            report(Code::open_slot_not_myself, place(token),
                   fmt::format("open slot on a line without 'myself': the server applies it to "
                               "this node's own state and writes it on the myself line"));
    }

    // Compared once per open slot; ids are compared with a fixed size.
    bool is_last_target(std::string_view text) const {
        if (text.size() != last_target_text_.size()) return false;
        if (text.size() == kNodeIdLength)
            return std::memcmp(text.data(), last_target_text_.data(), kNodeIdLength) == 0;
        return text == last_target_text_;
    }

    // What the server writes: "[<slot>->-<id>]" or "[<slot>-<-<id>]", with a plain slot and a
    // well-formed id (the previous token's, so known good, as a rule). Nothing to report.
    bool read_plain_open_slot(std::string_view text, OpenSlot& open) const {
        std::size_t i = 1;
        int slot = 0;
        for (; i < text.size() && i <= 5 && static_cast<unsigned>(text[i] - '0') < 10; ++i)
            slot = slot * 10 + (text[i] - '0');
        if (i == 1 || slot >= kSlotCount || text.size() != i + 3 + kNodeIdLength + 1 ||
            text.back() != ']' || text[i] != '-' || text[i + 2] != '-' ||
            (text[i + 1] != '>' && text[i + 1] != '<'))
            return false;
        open = {slot, i, text.substr(i + 3)};
        if (!d_.checks_node_ids) return true;
        open.target_text.remove_suffix(1);  // the ']'
        return is_last_target(open.target_text) || detail::node_id_text_valid(open.target_text);
    }

    // Anything else: the findings of a malformed token, and false where the server fails.
    bool read_odd_open_slot(const Token& token, OpenSlot& open) {
        const std::string_view text = token.text;
        const auto dash = text.find('-');
        if (dash == std::string_view::npos) {
            report(Code::open_slot_syntax, place(token),
                   fmt::format("'{}' has no '-': the server fails an assertion and crashes", text));
            return false;
        }
        CNumber slot_number;
        const int slot = c_atoi(text.substr(1, dash - 1), &slot_number);
        if (slot < 0 || slot >= kSlotCount) {
            report(Code::open_slot_syntax, place(token),
                   fmt::format("open slot {} is out of range 0-16383", slot));
            return false;
        }
        // The target id starts 3 bytes after the '-' (after "->-" or "-<-").
        if (dash + 3 > text.size()) {
            report(Code::open_slot_syntax, place(token),
                   fmt::format("'{}' ends before its node id: the server reads past the end "
                               "(undefined behaviour, may crash)",
                               text));
            return false;
        }
        std::string_view target_text = text.substr(dash + 3);
        if (d_.checks_node_ids) {
            const auto close = target_text.find(']');
            if (close == std::string_view::npos ||
                !detail::node_id_text_valid(target_text.substr(0, close))) {
                report(
                    Code::open_slot_syntax, place(token),
                    close == std::string_view::npos
                        ? fmt::format("'{}' has no closing ']': {} rejects the file", text, d_.name)
                        : fmt::format("'{}' does not name a 40-character [a-z0-9] node id: {} "
                                      "rejects the file",
                                      text, d_.name));
                return false;
            }
            target_text = target_text.substr(0, close);
        } else if (target_text.size() < kNodeIdLength) {
            report(Code::open_slot_syntax, place(token),
                   fmt::format("'{}' has fewer than 40 bytes of node id: {} reads past the end "
                               "(undefined behaviour, may crash)",
                               text, d_.name));
            return false;
        }
        if (!slot_number.canonical)  // "[5x->-", "[->-": atoi's slot, which the server writes
            report(Code::slot_junk, place_in(token, 1, u32(std::max<std::size_t>(dash - 1, 1))),
                   dash == 1
                       ? fmt::format("no slot number before '-'; the server reads open "
                                     "slot {}",
                                     slot)
                       : fmt::format("'{}' is not a slot number; the server reads open slot {}",
                                     text.substr(1, dash - 1), slot));
        open = {slot, dash, target_text};
        return true;
    }

    // ---- after the last line -------------------------------------------------------------
    // Nodes in the order of their own lines (a master named before its line was created early,
    // as a placeholder); nodes that never got a line last, in the order they were named.
    void restore_file_order() {
        Config& c = config_;
        const std::size_t count = c.nodes.size();
        std::vector<std::int32_t> order(count);
        for (std::size_t i = 0; i < count; ++i) order[i] = static_cast<std::int32_t>(i);
        auto before = [&](std::int32_t a, std::int32_t b) {
            const std::uint32_t la = c.nodes[a].line ? c.nodes[a].line : UINT32_MAX;
            const std::uint32_t lb = c.nodes[b].line ? c.nodes[b].line : UINT32_MAX;
            return la < lb;
        };
        if (std::is_sorted(order.begin(), order.end(), before)) return;  // the usual case
        std::stable_sort(order.begin(), order.end(), before);
        std::vector<std::int32_t> new_index(count);
        for (std::size_t i = 0; i < count; ++i) new_index[order[i]] = static_cast<std::int32_t>(i);
        auto remap = [&](std::int32_t& ref) {
            if (ref != kNoNode) ref = new_index[ref];
        };
        std::vector<Node> nodes(count);
        std::vector<NodeState> states(count);
        for (std::size_t i = 0; i < count; ++i) {
            nodes[i] = std::move(c.nodes[order[i]]);
            states[i] = node_state_[order[i]];
            remap(nodes[i].master);
        }
        c.nodes = std::move(nodes);
        node_state_ = std::move(states);
        shard_state_.clear();                     // used while loading only
        for (std::int32_t& owner : block_owner_)  // what finish() tells the table of its blocks
            if (owner >= 0) owner = new_index[owner];
        // A run at a time: a file as the server writes it (in hash order, replicas often before
        // their masters) comes here, and a cell at a time was half of validating a 6-node file.
        for (auto* table : {&c.slot_owner, &c.migrating_to, &c.importing_from}) {
            const std::span<std::int32_t> cells = table->written_cells();
            detail::for_each_run(cells, [&](std::size_t first, std::size_t end, std::int32_t ref) {
                if (ref != kNoNode && new_index[ref] != ref)
                    detail::fill_run(cells, first, end, new_index[ref]);
            });
        }
    }

    void finish() {
        // No slot claimed: no table, as before the first write.
        if (slot_owner_cells_) settle_slot_owners();
        restore_file_order();
        // What the claims left in each block (its owner, kNoNode untouched, kMixed otherwise)
        // is what the table's block summary says.
        config_.slot_owner.set_block_values(block_owner_);
        Config& c = config_;
        if (myself_ == kNoNode)
            report(Code::no_myself, {1, 1, 0},
                   c.nodes.empty() ? "the file has no node line, so no 'myself': the server "
                                     "rejects it"
                                   : "no line has the 'myself' flag: the server rejects the file");
        if (!c.vars.present && !c.nodes.empty())
            report(Code::vars_missing, {1, 1, 0},
                   "no vars line: currentEpoch and lastVoteEpoch load as 0 (a truncated file?)");

        // One pass over the nodes for everything below: 100,000 of them are 18 MB.
        std::uint64_t max_epoch = 0;
        for (std::size_t i = 0; i < c.nodes.size(); ++i) {
            const auto n = static_cast<std::int32_t>(i);
            const Node& node = c.nodes[i];
            const NodeState& state = node_state_[i];
            max_epoch = std::max(max_epoch, node.config_epoch);
            if (node.placeholder) {
                report(Code::placeholder_node, state.placeholder_place,
                       fmt::format("{} {} has no line of its own: the server creates an empty "
                                   "node for it ('noflags', no address) and saves it",
                                   state.placeholder_role, node.id.view()));
                continue;
            }
            if (node.has(kHandshake))
                report(Code::handshake_dropped, {node.line, 1, 0},
                       node.has(kMyself)
                           ? "myself is in handshake: the server leaves it out of the next save, "
                             "and the file after that has no myself"
                           : "handshake node: the server leaves it out when it saves the file");
            if (node.has(kSlave) && node.master != kNoNode) {
                const std::uint64_t written =
                    c.written_epoch(n, d_.writes_master_epoch_for_replicas);
                if (state.file_epoch != written)
                    report(Code::replica_epoch, state.epoch_place,
                           d_.ignores_replica_epoch_on_load
                               ? fmt::format("{} ignores a replica's configEpoch ({}) and writes "
                                             "its master's ({})",
                                             d_.name, state.file_epoch, written)
                               : fmt::format("{} writes a replica's configEpoch as its master's "
                                             "({}), not {}",
                                             d_.name, written, state.file_epoch));
            }
        }

        const Config& loaded = c;
        std::vector<Place> importing_at;  // the last importing marker of each slot, if needed
        for (const auto& [slot, at] : importing_places_)
            if (loaded.migrating_to[slot] != kNoNode) {
                importing_at.resize(kSlotCount);
                importing_at[static_cast<std::size_t>(slot)] = at;
            }
        for (int slot = 0; !importing_at.empty() && slot < kSlotCount; ++slot)
            if (loaded.migrating_to[slot] != kNoNode && loaded.importing_from[slot] != kNoNode)
                report(Code::open_slot_both, importing_at[static_cast<std::size_t>(slot)],
                       fmt::format("slot {} is both migrating and importing: the server keeps only "
                                   "the migrating state when it saves",
                                   slot));

        if (max_epoch > c.vars.current_epoch) {
            report(Code::current_epoch_raised, c.vars.present ? vars_place_ : Place{1, 1, 0},
                   fmt::format("currentEpoch {} is below the highest configEpoch {}: the server "
                               "raises it to {}",
                               c.vars.current_epoch, max_epoch, max_epoch));
            c.vars.current_epoch = max_epoch;
        }
    }

    // Per node, what the checks after the last line need: kept small, one per node.
    struct NodeState {
        std::uint64_t file_epoch = 0;
        Place epoch_place, placeholder_place;
        const char* placeholder_role = "";
    };
    // Node indexes in the order added. The first is held in place, since nearly every list has
    // just one (a replica names one master, and most masters have one replica): a vector for
    // each was an allocation a node in every 7.2+ file.
    class IndexList {
      public:
        void push_back(std::int32_t index) {
            if (first_ == kNoNode)
                first_ = index;
            else
                more_.push_back(index);
        }
        bool contains(std::int32_t index) const {
            return first_ == index || std::find(more_.begin(), more_.end(), index) != more_.end();
        }
        template <typename Visit>
        void for_each(Visit&& visit) const {
            if (first_ == kNoNode) return;
            visit(first_);
            for (std::int32_t index : more_) visit(index);
        }

      private:
        std::int32_t first_ = kNoNode;
        std::vector<std::int32_t> more_;
    };
    // The shard-id setter's view of a node, for the dialects that check shard ids (7.2+).
    struct ShardState {
        // All NUL until set, for the random id every node starts with (unique). Only a valid id
        // (40 bytes of [a-z0-9]) is ever set, so it is held in place: not a string for each node.
        NodeId shard_id;
        Place shard_id_place;
        bool registered = false;
        IndexList replicas;
        IndexList attached_to;  // masters whose replica list has this node
    };

    std::string_view bytes_;
    const Dialect& d_;
    Config config_;
    std::vector<Finding> findings_;
    detail::NodeIndex index_;
    std::vector<NodeState> node_state_;
    std::vector<ShardState> shard_state_;  // empty unless the dialect checks shard ids
    TokenBuffer tokens_;
    PlainLine plain_;
    // The last address split in full, or past its usual head; its aux list's room is reused.
    detail::ParsedAddress address_;
    DialectEvidence evidence_;
    std::array<Token, kNodeFields> fields_;  // a member: not cleared for every line
    const LogicalLine* line_ = nullptr;
    std::int32_t myself_ = kNoNode;
    std::uint32_t myself_line_ = 0;
    Place vars_place_;
    // Importing markers in file order (a later one for the same slot wins): 16384 open slots
    // must not cost 16384 hash-table nodes.
    std::vector<std::pair<int, Place>> importing_places_;
    std::string_view last_target_text_;
    std::int32_t last_target_ = kNoNode;
    std::array<std::size_t, 3> dropped_{};  // by severity
    // Slots with an owner, per block. Not a byte type: a store through a char type may alias any
    // object, so every single-slot token reloaded the loader's pointers after its count.
    std::array<int, kSlotCount / kBlock> block_filled_{};
    std::int32_t* slot_owner_cells_ = nullptr;  // config_.slot_owner's, from the first claim
    bool slot_owners_settled_ = false;          // every cell of the slot owner table is set
    std::vector<BlockCensus> census_;           // by block, for full blocks with several owners
    std::array<std::int32_t, kSlotCount / kBlock> block_owner_ = [] {
        std::array<std::int32_t, kSlotCount / kBlock> all;
        all.fill(kNoNode);
        return all;
    }();
};

}  // namespace

bool ParseResult::has_errors() const {
    return findings_dropped[static_cast<std::size_t>(Severity::error)] > 0 ||
           std::any_of(findings.begin(), findings.end(),
                       [](const Finding& f) { return f.severity == Severity::error; });
}

ParseResult parse_config(std::string_view bytes, const Dialect& dialect) {
    return Loader(bytes, dialect).run();
}

}  // namespace nodesconf
