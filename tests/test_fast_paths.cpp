// The parser's fast paths (issue #7) against plain reference definitions: each must give exactly
// what the simple code gives, on every input tried.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdlib>
#include <functional>
#include <limits>
#include <random>
#include <span>
#include <string>
#include <tuple>
#include <type_traits>
#include <vector>

#include "../libnodesconf/src/address.h"
#include "../libnodesconf/src/ascending_slots.h"
#include "../libnodesconf/src/byte_marks.h"
#include "../libnodesconf/src/c_numbers.h"
#include "../libnodesconf/src/node_index.h"
#include "../libnodesconf/src/prefault.h"
#include "../libnodesconf/src/slot_runs.h"
#include "nodesconf/analyze.h"
#include "nodesconf/check.h"
#include "nodesconf/lines.h"
#include "nodesconf/model.h"
#include "nodesconf/parse.h"
#include "nodesconf/tokenizer.h"
#include "test_ids.h"

using namespace nodesconf;

namespace {

// A valid node id that is `i` in decimal, padded with 'a's: readable in a failure's dump.
std::string numbered_id(std::size_t i) {
    const std::string digits = std::to_string(i);
    return std::string(40 - digits.size(), 'a') + digits;
}

bool reference_is_valid_node_id(std::string_view text) {
    if (text.size() != 40) return false;
    for (char c : text)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) return false;
    return true;
}

// sdssplitargs, transcribed naively: the reference for the tokenizer's plain-line fast path.
bool reference_split(std::string_view line, std::vector<std::string>& out) {
    out.clear();
    std::size_t p = 0;
    const std::size_t n = line.size();
    auto is_hex = [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; };
    auto hex = [](char c) {
        return std::isdigit(static_cast<unsigned char>(c)) ? c - '0' : (std::tolower(c) - 'a' + 10);
    };
    while (true) {
        while (p < n && std::isspace(static_cast<unsigned char>(line[p]))) ++p;
        if (p >= n) return true;
        std::string current;
        bool in_dq = false, in_sq = false, done = false;
        while (!done) {
            if (in_dq) {
                if (p >= n) return false;
                if (line[p] == '\\' && p + 3 < n && line[p + 1] == 'x' && is_hex(line[p + 2]) &&
                    is_hex(line[p + 3])) {
                    current += static_cast<char>(hex(line[p + 2]) * 16 + hex(line[p + 3]));
                    p += 3;
                } else if (line[p] == '\\' && p + 1 < n) {
                    ++p;
                    const char e = line[p];
                    current += e == 'n'   ? '\n'
                               : e == 'r' ? '\r'
                               : e == 't' ? '\t'
                               : e == 'b' ? '\b'
                               : e == 'a' ? '\a'
                                          : e;
                } else if (line[p] == '"') {
                    if (p + 1 < n && !std::isspace(static_cast<unsigned char>(line[p + 1])))
                        return false;
                    done = true;
                } else {
                    current += line[p];
                }
            } else if (in_sq) {
                if (p >= n) return false;
                if (line[p] == '\\' && p + 1 < n && line[p + 1] == '\'') {
                    ++p;
                    current += '\'';
                } else if (line[p] == '\'') {
                    if (p + 1 < n && !std::isspace(static_cast<unsigned char>(line[p + 1])))
                        return false;
                    done = true;
                } else {
                    current += line[p];
                }
            } else if (p >= n) {
                done = true;
            } else {
                switch (line[p]) {
                    case ' ':
                    case '\n':
                    case '\r':
                    case '\t':
                    case '\0':
                        done = true;
                        break;
                    case '"':
                        in_dq = true;
                        break;
                    case '\'':
                        in_sq = true;
                        break;
                    default:
                        current += line[p];
                        break;
                }
            }
            if (p < n) ++p;
        }
        out.push_back(current);
    }
}

// Four characters of [a-z0-9] for i.
std::string fmt_index(int i) {
    const std::string digits = "0123456789abcdefghijklmnopqrstuvwxyz";
    std::string out(4, '0');
    for (int k = 3; k >= 0; --k, i /= 36)
        out[static_cast<std::size_t>(k)] = digits[static_cast<std::size_t>(i % 36)];
    return out;
}

}  // namespace

TEST(FastPaths, NodeIdCheckMatchesTheCharacterRuleForEveryByteAtEveryPosition) {
    const std::string valid = "0123456789abcdefghijklmnopqrstuvwxyz0a1b";
    ASSERT_TRUE(is_valid_node_id(valid));
    for (std::size_t at = 0; at < valid.size(); ++at)
        for (int byte = 0; byte < 256; ++byte) {
            std::string id = valid;
            id[at] = static_cast<char>(byte);
            ASSERT_EQ(is_valid_node_id(id), reference_is_valid_node_id(id)) << at << " " << byte;
        }
    EXPECT_FALSE(is_valid_node_id(valid.substr(1)));
    EXPECT_FALSE(is_valid_node_id(valid + "a"));
}

TEST(FastPaths, TokenizerMatchesANaiveSdssplitargsOnRandomLines) {
    std::mt19937 rng(7);
    const std::string alphabet = "ab1- \t\r\v\f\"'\\x4";
    TokenBuffer tokens;
    std::vector<std::string> expected;
    for (int round = 0; round < 200000; ++round) {
        std::string line(rng() % (round % 10 == 0 ? 200 : 24), ' ');
        for (char& c : line) c = alphabet[rng() % alphabet.size()];
        const bool ok = reference_split(line, expected);
        ASSERT_EQ(tokenize(line, tokens), ok) << '[' << line << ']';
        if (!ok) continue;
        ASSERT_EQ(tokens.size(), expected.size()) << '[' << line << ']';
        for (std::size_t i = 0; i < expected.size(); ++i)
            ASSERT_EQ(tokens[i].text, expected[i]) << '[' << line << "] token " << i;
    }
}

TEST(FastPaths, FirstTokensAreTheTokenizersFirstTokens) {
    std::mt19937 rng(11);
    const std::string alphabet = "ab1- \t\r\v\f\"'\\x4";
    TokenBuffer scratch;
    std::vector<std::string> expected;
    std::array<std::string_view, 3> head;
    for (int round = 0; round < 200000; ++round) {
        std::string line(rng() % (round % 10 == 0 ? 200 : 24), ' ');
        for (char& c : line) c = alphabet[rng() % alphabet.size()];
        const std::size_t wanted = rng() % (head.size() + 1);
        const int got = first_tokens(line, std::span(head.data(), wanted), scratch);
        if (!reference_split(line, expected)) {
            ASSERT_EQ(got, -1) << '[' << line << ']';
            continue;
        }
        ASSERT_EQ(got, static_cast<int>(std::min(wanted, expected.size()))) << '[' << line << ']';
        for (int i = 0; i < got; ++i)
            ASSERT_EQ(head[static_cast<std::size_t>(i)], expected[static_cast<std::size_t>(i)])
                << '[' << line << "] token " << i;
    }
}

// "auto" parses once under the first node line's dialect and gathers detect_dialect()'s evidence
// while parsing: on files mixing every address style and every kind of odd line, the result
// must be detect_dialect()'s, whatever the line order.
TEST(FastPaths, TargetGatheredWhileParsingIsDetectDialects) {
    const std::string id = "6a3a879d013b1a9093ae811390b2618594e450d6";
    const std::vector<std::string> lines = {
        id + " 1.2.3.4:7000 master - 0 0 1 connected 0-10",
        id + " 1.2.3.4:7000@17000 master - 0 0 1 connected",
        id + " 1.2.3.4:7000@17000,host master - 0 0 1 connected",
        id + " 1.2.3.4:7000@17000,,tls-port=0 master - 0 0 1 connected",
        id + " 1.2.3.4:7000@17000,,client-ipv4=1.2.3.4 master - 0 0 1 connected",
        id + " \"1.2.3.4:7000@17000,,tls-port=0\" master - 0 0 1 connected",
        id + " 1.2.3.4:7000@17000,,tls-port=0 master - 0 0 1 connected \"open",
        id + " 1.2.3.4:7000@17000,host master",
        "  \t " + id + "\v 1.2.3.4:7000",
        std::string("\0") + id + " 1.2.3.4:7000@17000,,tls-port=0",
        id + std::string(" 1.2.3.4:7000\0@17000,host master - 0 0 1 connected"),
        "vars currentEpoch 1 lastVoteEpoch 0",
        "VARS 1.2.3.4:7000@17000,,tls-port=0",
        "lonely",
        "   ",
        "",
    };
    std::mt19937 rng(5);
    for (int round = 0; round < 20000; ++round) {
        std::string file;
        for (std::size_t n = rng() % 6; n > 0; --n) file += lines[rng() % lines.size()] + "\n";
        const std::string expected = detect_dialect(file).family;
        ASSERT_EQ(parse_config(file, *find_dialect("redis-3.2")).evidence.dialect().family,
                  expected)
            << file;
        ASSERT_EQ(analyze(file, "auto")->dialect.family, expected) << file;
    }
}

// Slot tokens as the server writes them take short paths (one 8-byte load for a single slot,
// a fixed layout for an open slot); quoted tokens never do. So a line read plain and the same
// line with every slot token quoted must give the same tables and the same findings, whatever
// the tokens and wherever they end (the file may end right after one).
TEST(FastPaths, SlotTokensReadTheSameWithAndWithoutTheShortPaths) {
    const std::string me = "6a3a879d013b1a9093ae811390b2618594e450d6";
    const std::string other = "0123456789abcdefghijklmnopqrstuvwxyz0a1b";
    std::mt19937 rng(3);
    auto digits = [&](int n) {
        std::string out;
        for (int i = 0; i < n; ++i) out += static_cast<char>('0' + rng() % 10);
        return out;
    };
    auto slot = [&] { return std::to_string(rng() % 17000); };
    auto token = [&]() -> std::string {
        switch (rng() % 15) {
            case 0:
                return digits(1 + static_cast<int>(rng() % 7));
            case 1:
                return slot() + "-" + slot();
            case 2:
                return slot() + "x";
            case 3:
                return "+" + slot();
            case 4:
                return "[" + slot() + "->-" + other + "]";
            case 5:
                return "[" + slot() + "-<-" + (rng() % 2 ? other : me) + "]";
            case 6:
                return "[" + digits(1 + static_cast<int>(rng() % 6)) + "->-" +
                       other.substr(0, rng() % 41) + "]";
            case 7:
                return "[" + slot() + "-?-" + other + "]";
            case 8:
                return "0" + slot();
            case 9:
                return slot() + "-";
            case 10:
                return "-" + slot();
            default:
                return slot();
        }
    };
    const Dialect dialect = *find_dialect("redis-7.0");  // a copy: find_dialect returns by value
    auto findings_of = [](const ParseResult& result) {
        std::vector<std::pair<Code, std::string>> out;
        for (const Finding& f : result.findings)
            if (f.code != Code::quoted_token) out.emplace_back(f.code, f.message);
        return out;
    };
    // Mostly one space, as servers write; the other separators end a run of plain slots.
    auto separator = [&]() -> std::string {
        const char* const kSeparators[] = {" ", " ", " ", " ", "  ", "\t", " \r "};
        return kSeparators[rng() % std::size(kSeparators)];
    };
    for (int round = 0; round < 3000; ++round) {
        std::string plain = other + " 1.2.3.4:7001@17001 master - 0 0 2 connected";
        std::string quoted = plain;
        for (std::size_t n = rng() % 4; n > 0; --n) {
            const std::string t = token(), gap = separator();
            plain += gap + t, quoted += gap + "\"" + t + "\"";
        }
        plain += "\n" + me + " 1.2.3.4:7000@17000 myself,master - 0 0 1 connected";
        quoted += "\n" + me + " 1.2.3.4:7000@17000 myself,master - 0 0 1 connected";
        for (std::size_t n = rng() % 40; n > 0; --n) {
            const std::string t = token(), gap = separator();
            plain += gap + t, quoted += gap + "\"" + t + "\"";
        }
        if (rng() % 2) {
            plain += "\nvars currentEpoch 2 lastVoteEpoch 0\n";
            quoted += "\nvars currentEpoch 2 lastVoteEpoch 0\n";
        }
        const ParseResult a = parse_config(plain, dialect), b = parse_config(quoted, dialect);
        for (int s = 0; s < kSlotCount; ++s) {
            ASSERT_EQ(a.config.slot_owner[s], b.config.slot_owner[s]) << plain << " slot " << s;
            ASSERT_EQ(a.config.migrating_to[s], b.config.migrating_to[s]) << plain;
            ASSERT_EQ(a.config.importing_from[s], b.config.importing_from[s]) << plain;
        }
        ASSERT_EQ(findings_of(a), findings_of(b)) << plain;
    }
}

TEST(FastPaths, PlainLineKeepsColumnsAndLengthsAcrossWordBoundaries) {
    PlainLine plain;
    ASSERT_TRUE(plain.scan("  ab\tc  d"));
    Token t;
    ASSERT_TRUE(plain.next(t));
    EXPECT_EQ(t.text, "ab");
    EXPECT_EQ(t.column, 2u);
    EXPECT_EQ(t.length, 2u);
    ASSERT_TRUE(plain.next(t));
    EXPECT_EQ(t.column, 5u);
    ASSERT_TRUE(plain.next(t));
    EXPECT_EQ(t.text, "d");
    EXPECT_EQ(t.column, 8u);
    EXPECT_FALSE(plain.next(t));

    // Tokens that start, end or span 64-byte words, at every offset of a 300-byte line.
    for (std::size_t width : {1u, 5u, 63u, 64u, 65u, 130u})
        for (std::size_t offset = 0; offset < 70; ++offset) {
            std::string line(offset, ' ');
            std::vector<std::string> expected;
            while (line.size() + width < 300) {
                expected.emplace_back(width, 'x');
                line += expected.back() + (line.size() % 3 ? " " : "\t\r ");
            }
            ASSERT_TRUE(plain.scan(line));
            std::size_t i = 0;
            for (Token token; plain.next(token); ++i) {
                ASSERT_LT(i, expected.size());
                ASSERT_EQ(token.text, expected[i]) << width << " " << offset;
                ASSERT_EQ(line.substr(token.column, token.length), expected[i]);
            }
            ASSERT_EQ(i, expected.size()) << width << " " << offset;
        }
    EXPECT_FALSE(plain.scan(std::string(100, 'a') + "\v"));
    EXPECT_FALSE(plain.scan(std::string(100, 'a') + "'"));
    EXPECT_FALSE(plain.scan("\""));
}

TEST(FastPaths, NodeIndexFindsIdsThatShareLongPrefixes) {
    detail::NodeIndex index;
    const std::string prefix(36, 'a');
    for (int i = 0; i < 20000; ++i) {
        const NodeId id = NodeId::from_text(prefix + fmt_index(i));
        ASSERT_EQ(index.find(id), kNoNode);
        ASSERT_EQ(index.insert(id, id.hash()), i);
    }
    for (int i = 0; i < 20000; ++i)
        ASSERT_EQ(index.find(NodeId::from_text(prefix + fmt_index(i))), i);
    EXPECT_EQ(index.find(NodeId::from_text(std::string(40, 'b'))), kNoNode);
}

// The id hash is three folded multiplies, cheap enough to sit in front of every lookup. It
// must spread ids that differ in four characters anywhere in the 40: over the cells of a
// 32,768-cell index (the low bits) as random values would (20,000 of them fill about 14,900
// cells), and apart in the tag the index compares first (the high bits). A single 64-bit
// multiply filled as few as 16 cells with the window at byte 4.
TEST(FastPaths, NodeIdHashSpreadsIdsThatDifferAnywhere) {
    constexpr int kIds = 20000;
    constexpr std::uint64_t kCells = 1 << 15;
    for (std::size_t at = 0; at + 4 <= kNodeIdLength; ++at) {
        std::vector<std::uint64_t> cells, tags;
        for (int i = 0; i < kIds; ++i) {
            std::string text(kNodeIdLength, 'a');
            text.replace(at, 4, fmt_index(i));
            const std::uint64_t hash = NodeId::hash_bytes(text.data());
            ASSERT_EQ(hash, NodeId::from_text(text).hash());
            cells.push_back(hash & (kCells - 1));
            tags.push_back(hash >> 32);
        }
        for (auto* values : {&cells, &tags}) {
            std::sort(values->begin(), values->end());
            values->erase(std::unique(values->begin(), values->end()), values->end());
        }
        EXPECT_GT(cells.size(), 14000u) << "window at " << at;
        EXPECT_GT(tags.size(), kIds - 5u) << "window at " << at;
    }
}

// An id keeps the first 40 bytes of its token, NUL-padded, whatever the token's length (a
// pre-7.0 server takes any token): the 40-byte copy is a path of its own.
TEST(FastPaths, NodeIdsKeepTheFirstFortyBytesOfAnyToken) {
    const std::string text = std::string(40, 'f') + "0123456789";
    for (std::size_t length = 0; length <= text.size(); ++length) {
        const std::string token = text.substr(0, length);
        const NodeId id = NodeId::from_text(token);
        ASSERT_EQ(id.view(), std::string_view(token).substr(0, 40)) << length;
        NodeId padded;  // all NUL
        ASSERT_EQ(id == padded, length == 0);
    }
}

// The server merges a repeated node line, later fields winning: the address as written last,
// whether it is longer, shorter, split the usual way or the long way.
TEST(FastPaths, ARepeatedNodeTakesTheAddressOfItsLastLine) {
    using namespace test_ids;
    const Dialect d = *find_dialect("redis-7.0");
    auto line = [](const std::string& id, const std::string& address, const char* flags) {
        return fmt::format("{} {} {} - 0 0 1 connected\n", id, address, flags);
    };
    const std::vector<std::string> addresses = {"10.0.0.2:7001@17001", "10.0.0.222:7002@17002",
                                                "1.2.3.4:7003@17003", "host-b:7004@17004,name",
                                                "10.0.0.2:7005@17005"};
    for (std::size_t last = 0; last < addresses.size(); ++last) {
        std::string file = line(A, "10.0.0.1:7000@17000", "myself,master");
        for (std::size_t k = 0; k <= last; ++k) file += line(B, addresses[k], "master");
        file += "vars currentEpoch 1 lastVoteEpoch 0\n";
        const ParseResult parsed = parse_config(file, d);
        ASSERT_EQ(parsed.config.nodes.size(), 2u);
        const Node& b = parsed.config.nodes[1];
        const std::string& address = addresses[last];
        SCOPED_TRACE(address);
        EXPECT_EQ(b.ip, address.substr(0, address.find(':')));
        EXPECT_EQ(b.port, 7001 + static_cast<int>(last));
        EXPECT_EQ(b.cport, 17001 + static_cast<int>(last));
        EXPECT_EQ(b.hostname, address.find(',') == std::string::npos ? "" : "name");
    }
}

// The 8-byte-load digit readers: true exactly for 1 to 16 plain digits, with strtoull's value,
// for every byte at every position, whatever follows the field in the buffer.
TEST(FastPaths, WideDigitReadersMatchStrtoull) {
    std::mt19937_64 rng(13);
    const std::string alphabet = "0123456789 +-x/:";
    auto check = [](const std::string& text) {
        std::string buffer = text + std::string(16, '7');  // readable bytes past the field
        const std::string_view field(buffer.data(), text.size());
        std::uint64_t value = 0;
        const bool plain = !text.empty() && text.size() <= 16 &&
                           text.find_first_not_of("0123456789") == std::string::npos;
        ASSERT_EQ(detail::read_sixteen_digits(field, value), plain) << text;
        if (plain) {
            ASSERT_EQ(value, std::strtoull(text.c_str(), nullptr, 10)) << text;
        }
    };
    for (int round = 0; round < 300000; ++round) {
        std::string text(rng() % 19, '0');
        const bool plain = round % 2 == 0;
        for (char& c : text)
            c = plain ? static_cast<char>('0' + rng() % 10) : alphabet[rng() % alphabet.size()];
        check(text);
    }
    for (std::size_t length = 1; length <= 16; ++length)
        for (std::size_t at = 0; at < length; ++at)
            for (int byte = 0; byte < 256; ++byte) {
                std::string text = std::string("9876543210123456").substr(0, length);
                text[at] = static_cast<char>(byte);
                check(text);
            }
}

TEST(FastPaths, DigitsAreReadAsStrtoullReadsThem) {
    std::mt19937_64 rng(11);
    const std::string alphabet = "0123456789 +-x/:";
    for (int round = 0; round < 300000; ++round) {
        std::string text(1 + rng() % 22, '0');
        const bool plain = round % 2 == 0;
        for (char& c : text)
            c = plain ? static_cast<char>('0' + rng() % 10) : alphabet[rng() % alphabet.size()];
        errno = 0;
        char* end = nullptr;
        const unsigned long long expected = std::strtoull(text.c_str(), &end, 10);
        const bool all_digits = text.find_first_not_of("0123456789") == std::string::npos;
        detail::CNumber info;
        ASSERT_EQ(detail::c_strtoull(text, &info), expected) << text;
        ASSERT_EQ(info.canonical, all_digits) << text;
        ASSERT_EQ(info.overflow, errno == ERANGE) << text;
    }
    for (int byte = 0; byte < 256; ++byte) {  // every byte in every position of an 8-digit field
        for (std::size_t at = 0; at < 8; ++at) {
            std::string text = "12345678";
            text[at] = static_cast<char>(byte);
            detail::CNumber info;
            detail::c_strtoull(text, &info);
            ASSERT_EQ(info.canonical, byte >= '0' && byte <= '9') << byte << " at " << at;
        }
    }
}

// Runs of single slots (read a block of bytes at a time, or compared with the text of all slots
// where they go on in order) and of open-slot markers (read straight from the line) against the
// tokenizer's way, which a trailing " \v" forces on a line without changing its tokens: the same
// tables, and the same findings at the same places. The runs are long, so their tokens fall at
// every offset of the blocks, and they meet every kind of token that must end a run where it
// stands.
TEST(FastPaths, RunsOfSlotsAndMarkersReadAsTheTokenizerReadsThem) {
    using namespace nodesconf::test_ids;
    std::mt19937 rng(11);
    auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
    int next_slot = 0;
    auto single = [&]() -> std::string {
        if (pick(3) == 0) next_slot = pick(kSlotCount);  // else the next slot: runs, and repeats
        return std::to_string(next_slot++ % kSlotCount);
    };
    // Slots in order, mostly across the points where slot numbers gain a digit.
    auto in_order = [&]() -> std::string {
        const int ends[] = {10, 100, 1000, 10000, kSlotCount};
        next_slot = pick(3) == 0 ? pick(kSlotCount) : std::max(0, ends[pick(5)] - 1 - pick(40));
        std::string run = std::to_string(next_slot++ % kSlotCount);
        for (int n = pick(300); n > 0; --n) run += " " + std::to_string(next_slot++ % kSlotCount);
        return run;
    };
    auto marker = [&](const std::string& target) {
        return fmt::format("[{}{}{}]", single(), pick(2) ? "->-" : "-<-", target);
    };
    auto token = [&]() -> std::string {
        switch (pick(40)) {
            case 0:
                return single() + "-" + single();
            case 1:
                return "0" + single();
            case 2:
                return std::to_string(kSlotCount + pick(90000));
            case 3:
                return std::to_string(100000 + pick(900000));
            case 4:
                return single() + "x";
            case 5:
                return "";  // two spaces in a row
            case 6:
                return marker(B);
            case 7:
                return marker(C);
            case 8:
                return fmt::format("[{}-?-{}]", single(), C);
            case 9:
                return fmt::format("[{}->-{}", single(), C);
            case 10:
                return fmt::format("[{}->-{}]x", single(), C);
            case 11:
                return fmt::format("[{}->-{}]", std::to_string(kSlotCount + pick(90000)), C);
            case 12:
                return fmt::format("[->-{}]", C);
            case 13:
                return fmt::format("[{}->-{}]", single(), C.substr(0, 39) + "Z");
            case 14:
                return pick(2) ? "16383" : "16384";
            case 15:
                return fmt::format("[{}-<-{}]", pick(2) ? "16383" : "16384", C);
            case 16:
                return fmt::format("{}{}->-{}]", pick(2) ? "(" : "5", single(), C);
            case 17:
                return fmt::format("[{}{}{}]", single(), pick(2) ? "->+" : "+<-", C);
            case 18:
            case 19:
                return in_order();
            default:
                return pick(4) == 0 ? marker(C) : single();
        }
    };
    auto findings_of = [](const ParseResult& result) {
        std::vector<std::string> out;
        for (const Finding& f : result.findings)
            out.push_back(fmt::format("{}:{}:{} [{}] {}", f.line, f.column, f.length,
                                      code_name(f.code), f.message));
        return out;
    };
    for (const char* target : {"redis-7.0", "redis-6.2"}) {
        const Dialect dialect = *find_dialect(target);
        for (int round = 0; round < 600; ++round) {
            std::vector<std::string> lines = {
                B + " 1.2.3.4:7001@17001 master - 0 0 2 connected",
                A + " 1.2.3.4:7000@17000 myself,master - 0 0 1 connected",
                C + " 1.2.3.4:7002@17002 master - 0 0 3 connected"};
            // The other masters' slots, some amid the runs in order, for overlaps within a run.
            for (int n = pick(8); n > 0; --n) lines[0] += " " + (pick(2) ? single() : in_order());
            for (int n = pick(400); n > 0; --n) lines[1] += " " + token();
            for (int n = pick(30); n > 0; --n) lines[2] += " " + (pick(2) ? marker(C) : single());
            if (pick(2)) std::swap(lines[1], lines[2]);  // the run is last in the file, or not
            if (pick(3) == 0)  // a line of what a run reads, where the run's line ends
                lines.insert(lines.begin() + (lines[1].starts_with(A) ? 2 : 3), "1 2 3 4 5 6");
            std::string plain, long_way;
            for (const std::string& line : lines)
                plain += line + "\n", long_way += line + (line.size() > 40 ? " \v\n" : "\n");
            // The file ends right after the last run's token, in the middle of a line, or in the
            // usual way, so the runs' loads meet the end of the buffer at every distance.
            switch (pick(3)) {
                case 0:
                    plain.pop_back(), long_way.pop_back();
                    break;
                case 1:
                    plain += "vars currentEpoch 3 lastVoteEpoch 0\n";
                    long_way += "vars currentEpoch 3 lastVoteEpoch 0\n";
                    break;
                default:
                    break;
            }
            const ParseResult a = parse_config(plain, dialect);
            const ParseResult b = parse_config(long_way, dialect);
            for (int s = 0; s < kSlotCount; ++s) {
                ASSERT_EQ(a.config.slot_owner[s], b.config.slot_owner[s]) << plain << "slot " << s;
                ASSERT_EQ(a.config.migrating_to[s], b.config.migrating_to[s])
                    << plain << "slot " << s;
                ASSERT_EQ(a.config.importing_from[s], b.config.importing_from[s])
                    << plain << "slot " << s;
            }
            ASSERT_EQ(findings_of(a), findings_of(b)) << target << "\n" << plain;
        }
    }
}

// The run of plain slots read straight off the line stops at every token it does not take, and
// the long way reports that token where it is.
TEST(FastPaths, SlotRunLeavesOddTokensToTheLongWayAtTheirColumns) {
    const std::string me = "6a3a879d013b1a9093ae811390b2618594e450d6";
    const std::string input = me + " 1.2.3.4:7000@17000 myself,master - 0 0 1 connected" +
                              " 0 1\t2 3x 4  5 16384 7-9 9-7 00012 123456 10- 20" +
                              "\nvars currentEpoch 1 lastVoteEpoch 0\n";
    const ParseResult result = parse_config(input, *find_dialect("redis-7.0"));
    std::vector<std::string> seen;
    for (const Finding& f : result.findings)
        seen.push_back(std::to_string(f.line) + ":" + std::to_string(f.column) + ":" +
                       std::to_string(f.length) + " [" + std::string(code_name(f.code)) + "] " +
                       f.message);
    const std::vector<std::string> expected = {
        "1:99:2 [slot-junk] '3x' is not a slot number; the server reads slot 3",
        "1:107:5 [slot-range] slot 16384 is out of range 0-16383",
        "1:117:3 [slot-empty-range] range 9-7 runs backwards: the server assigns no slot from it",
        "1:127:6 [slot-range] slot 123456 is out of range 0-16383",
        "1:134:3 [slot-junk] '10-' is not a slot range; the server reads 10-0",
        "1:134:3 [slot-empty-range] range 10-0 runs backwards: the server assigns no slot from it",
    };
    EXPECT_EQ(seen, expected);
    for (int slot : {0, 1, 2, 3, 4, 5, 7, 8, 9, 12, 20})
        EXPECT_EQ(result.config.slot_owner[slot], 0) << slot;
    for (int slot : {6, 10, 11, 13}) EXPECT_EQ(result.config.slot_owner[slot], kNoNode) << slot;
}

namespace {

// A myself line of five-digit slot tokens, token(i) the i-th, on which the ping field's length
// puts the end of the server's line buffer after the third digit of token(cut); and whether the
// parse reported the line split there.
struct LineCutInAToken {
    std::string input;
    std::size_t cut = 0;
};
LineCutInAToken line_cut_in_a_token(const std::function<std::string(std::size_t)>& token) {
    const std::string me = "6a3a879d013b1a9093ae811390b2618594e450d6";
    const std::string head = me + " 1.2.3.4:7000@17000 myself,master - ", tail = " 0 1 connected";
    const std::size_t pad = (kServerLineChunk - head.size() - tail.size() - 5) % 6;
    LineCutInAToken line{head + std::string(1 + pad, '1') + tail};
    line.cut = (kServerLineChunk - line.input.size()) / 6;
    for (std::size_t i = 0; line.input.size() < kServerLineChunk + 600; ++i)
        line.input += " " + token(i);
    line.input += "\nvars currentEpoch 1 lastVoteEpoch 0\n";
    return line;
}
bool split_at_the_buffers_end(const ParseResult& result) {
    for (const Finding& f : result.findings)
        if (f.code == Code::line_split && f.column == kServerLineChunk + 1) return true;
    return false;
}

}  // namespace

// A token cut by the end of the server's line buffer is two tokens on two lines to the server:
// the run must not read the digits past the cut.
TEST(FastPaths, SlotRunStopsAtTheServersLineBuffer) {
    const LineCutInAToken line = line_cut_in_a_token([](std::size_t) { return "12345"; });
    ASSERT_EQ(line.input.substr(kServerLineChunk - 3, 5), "12345");

    const ParseResult result = parse_config(line.input, *find_dialect("redis-7.0"));
    EXPECT_GT(line.cut, 0u);
    EXPECT_EQ(result.config.slot_owner[123], 0);  // the head of the cut token, on line 1
    EXPECT_EQ(result.config.slot_owner[12345], 0);
    EXPECT_TRUE(split_at_the_buffers_end(result));
}

// A run of slots in order stops there too: the head of the cut token is a slot of its own.
TEST(FastPaths, SlotsInOrderStopAtTheServersLineBuffer) {
    // 10000-16383, in order, again and again.
    const LineCutInAToken line =
        line_cut_in_a_token([](std::size_t i) { return std::to_string(10000 + i % 6384); });
    const int cut_slot = 10000 + static_cast<int>(line.cut % 6384);
    ASSERT_EQ(line.input.substr(kServerLineChunk - 3, 5), std::to_string(cut_slot));

    const ParseResult result = parse_config(line.input, *find_dialect("redis-7.0"));
    EXPECT_EQ(result.config.slot_owner[cut_slot / 100], 0);  // "1xy", on line 1
    EXPECT_EQ(result.config.slot_owner[cut_slot - 1], 0);
    EXPECT_TRUE(split_at_the_buffers_end(result));
}

// A run of slots in order is claimed as one range: where another node holds slots amid it, the
// overlap is still reported at the token that claims them, and the rest of the run is claimed.
TEST(FastPaths, SlotsInOrderReportAnOverlapAtItsToken) {
    using namespace nodesconf::test_ids;
    std::string mine = A + " 1.2.3.4:7000@17000 myself,master - 0 0 1 connected";
    for (int slot = 95; slot <= 1005; ++slot) mine += " " + std::to_string(slot);
    const std::string input = B + " 1.2.3.4:7001@17001 master - 0 0 2 connected 99 1000-1001\n" +
                              mine + "\nvars currentEpoch 2 lastVoteEpoch 0\n";
    const ParseResult result = parse_config(input, *find_dialect("redis-7.0"));
    std::vector<std::string> seen;
    for (const Finding& f : result.findings)
        seen.push_back(fmt::format("{}:{}:{} [{}] {}", f.line, f.column, f.length,
                                   code_name(f.code), f.message));
    auto column_of = [&](const char* token) { return mine.find(token) + 2; };
    const std::string theirs = "the server keeps the first, 6b8f9440 (line 1)";
    EXPECT_EQ(seen, (std::vector<std::string>{
                        fmt::format("2:{}:2 [slot-overlap] slot 99 is claimed by 2 nodes; {}",
                                    column_of(" 99 "), theirs),
                        fmt::format("2:{}:4 [slot-overlap] slot 1000 is claimed by 2 nodes; {}",
                                    column_of(" 1000 "), theirs),
                        fmt::format("2:{}:4 [slot-overlap] slot 1001 is claimed by 2 nodes; {}",
                                    column_of(" 1001 "), theirs),
                    }));
    for (int slot : {95, 98, 100, 999, 1002, 1005}) EXPECT_EQ(result.config.slot_owner[slot], 1);
    for (int slot : {99, 1000, 1001}) EXPECT_EQ(result.config.slot_owner[slot], 0);
}

// Duplicate configEpochs are found with a bitmap when the epochs are dense and a hash set when
// they are not: both against every pair compared, on masters with generated ids.
TEST(FastPaths, DuplicateEpochsAreFoundDenseOrSparse) {
    std::mt19937_64 rng(11);
    const std::uint64_t kMax = std::numeric_limits<std::uint64_t>::max();
    for (int round = 0; round < 400; ++round) {
        const std::size_t count = 2 + rng() % 60;
        std::vector<std::uint64_t> epochs(count);
        const std::uint64_t base = round % 4 == 3 ? kMax - 100 : rng() % 1000;
        for (std::uint64_t& epoch : epochs) switch (round % 4) {
                case 0:  // dense: a cluster's usual epochs
                    epoch = base + rng() % (count * 3);
                    break;
                case 1:  // sparse
                    epoch = rng() % 4 == 0 ? rng() % 4 : rng();
                    break;
                case 2:  // both ends of the range
                    epoch = rng() % 2 ? rng() % 3 : kMax - rng() % 3;
                    break;
                default:  // dense at the top of the range
                    epoch = base + rng() % 100;
            }
        std::string input;
        for (std::size_t i = 0; i < count; ++i)
            input += fmt::format("{} 10.0.0.{}:7000@17000 {} - 0 0 {} connected\n", numbered_id(i),
                                 i % 250, i == 0 ? "myself,master" : "master", epochs[i]);
        input += fmt::format("vars currentEpoch {} lastVoteEpoch 0\n", kMax);
        std::size_t expected = 0;
        for (std::size_t i = 0; i < count; ++i)
            for (std::size_t j = 0; j < i; ++j)
                if (epochs[i] == epochs[j]) {
                    ++expected;  // one finding per master after the first of its epoch
                    break;
                }
        const Analysis analysis = analyze(input, *find_dialect("redis-7.0"));
        const auto found =
            std::count_if(analysis.result.findings.begin(), analysis.result.findings.end(),
                          [](const Finding& f) { return f.code == Code::duplicate_epoch; });
        ASSERT_EQ(static_cast<std::size_t>(found), expected) << input;
    }
}

// Nodes come out in the server's order, which `check` and the writer rely on: against a plain model
// of its list (each id where its first line or first mention puts it, then lines ascending, nodes
// without one last in order of mention), on files whose replicas name masters before, after and
// without their lines, with lines repeated.
TEST(FastPaths, NodesComeOutInFileOrderHoweverMastersAreNamed) {
    std::mt19937_64 rng(7);
    for (int round = 0; round < 500; ++round) {
        const std::size_t pool = 1 + rng() % 12;
        const std::size_t lines = 1 + rng() % 14;
        std::string input;
        std::vector<std::size_t> mentioned;  // ids in order of first mention
        std::vector<std::uint32_t> first_line(pool, 0);
        std::vector<std::int64_t> master_of(pool, -1);  // the last line's master wins
        auto mention = [&](std::size_t id) {
            if (std::find(mentioned.begin(), mentioned.end(), id) == mentioned.end())
                mentioned.push_back(id);
        };
        for (std::size_t l = 0; l < lines; ++l) {
            const std::size_t id = rng() % pool;
            const bool replica = rng() % 3 != 0;
            const std::size_t master = rng() % pool;
            mention(id);
            if (first_line[id] == 0) first_line[id] = static_cast<std::uint32_t>(l + 1);
            if (replica) {
                mention(master);
                master_of[id] = static_cast<std::int64_t>(master);
            }
            input += fmt::format("{} 10.0.0.1:7000@17000 {} {} 0 0 0 connected\n", numbered_id(id),
                                 l == 0    ? "myself,slave"
                                 : replica ? "slave"
                                           : "master",
                                 replica ? numbered_id(master) : "-");
        }
        input += "vars currentEpoch 0 lastVoteEpoch 0\n";
        std::vector<std::size_t> expected = mentioned;
        std::stable_sort(expected.begin(), expected.end(), [&](std::size_t a, std::size_t b) {
            const std::uint32_t la = first_line[a] ? first_line[a] : UINT32_MAX;
            const std::uint32_t lb = first_line[b] ? first_line[b] : UINT32_MAX;
            return la < lb;
        });

        const Config& config = analyze(input, *find_dialect("redis-7.0")).result.config;
        ASSERT_EQ(config.nodes.size(), expected.size()) << input;
        for (std::size_t i = 0; i < expected.size(); ++i) {
            const Node& node = config.nodes[i];
            ASSERT_EQ(node.id.view(), numbered_id(expected[i])) << "node " << i << " of\n" << input;
            ASSERT_EQ(node.line, first_line[expected[i]]) << input;
            const std::int64_t master = master_of[expected[i]];
            if (master >= 0) {
                ASSERT_NE(node.master, kNoNode) << input;
                ASSERT_EQ(config.nodes[node.master].id.view(),
                          numbered_id(static_cast<std::size_t>(master)))
                    << input;
            }
        }
    }
}

// The role check passes over runs of equal owners eight cells at a time: a replica that owns
// slots is found wherever its slots lie, against a plain per-slot model, with runs of every
// length from 1 and slots at both ends of the table.
TEST(FastPaths, ReplicasOwningSlotsAreFoundWhereverTheirRunsFall) {
    std::mt19937_64 rng(11);
    for (int round = 0; round < 300; ++round) {
        const std::size_t masters = 1 + rng() % 4, nodes = masters * 2;
        std::vector<std::size_t> owner(kSlotCount);
        const std::size_t longest = round % 3 == 0 ? 3 : round % 3 == 1 ? 20 : 3000;
        for (std::size_t slot = 0; slot < owner.size();) {
            const std::size_t run = 1 + rng() % longest, node = rng() % nodes;
            for (std::size_t k = 0; k < run && slot < owner.size(); ++k) owner[slot++] = node;
        }
        // Most rounds: replicas own nothing but perhaps one slot somewhere (often near an end).
        if (round % 2 == 0) {
            for (std::size_t& o : owner) o %= masters;
            const std::size_t edges[] = {
                0, 1, 7, 8, 9, kSlotCount - 9, kSlotCount - 8, kSlotCount - 2, kSlotCount - 1};
            if (rng() % 4 != 0)
                owner[rng() % 2 ? edges[rng() % std::size(edges)] : rng() % kSlotCount] =
                    masters + rng() % masters;
        }
        std::vector<std::string> slots(nodes);
        for (std::size_t slot = 0; slot < owner.size(); ++slot)
            slots[owner[slot]] += fmt::format(" {}", slot);
        std::string input;
        for (std::size_t i = 0; i < nodes; ++i)
            input += fmt::format(
                "{} 10.0.0.{}:7000@17000 {} {} 0 0 {} connected{}\n", numbered_id(i), i,
                i == 0        ? "myself,master"
                : i < masters ? "master"
                              : "slave",
                i < masters ? "-" : numbered_id(i - masters), i < masters ? i + 1 : 0, slots[i]);
        input += "vars currentEpoch 9 lastVoteEpoch 0\n";

        std::vector<std::uint32_t> expected;  // lines of replicas owning a slot
        for (std::size_t i = masters; i < nodes; ++i)
            if (!slots[i].empty()) expected.push_back(static_cast<std::uint32_t>(i + 1));
        std::vector<std::uint32_t> found;
        const Analysis analysis = analyze(input, *find_dialect("redis-7.0"));
        ASSERT_FALSE(analysis.result.has_errors()) << round;
        for (const Finding& f : analysis.result.findings)
            if (f.code == Code::replica_with_slots) found.push_back(f.line);
        ASSERT_EQ(found, expected) << "round " << round;
    }
}

// The same walk passes over a group of eight cells equal to the owner it marked last: an owner
// or a gap that fills exactly the first group, the last, or one in between is still seen.
TEST(FastPaths, OwnersAndGapsFillingOneGroupOfEightCellsAreSeen) {
    struct Case {
        int first, last;  // the slots given to the replica, or left without an owner
    };
    for (const Case c : {Case{0, 7}, Case{8, 15}, Case{8184, 8191}, Case{16376, 16383}}) {
        // Master 0 owns the slots below c.first, master 1 those above c.last.
        auto ranges = [](int from, int to) {
            return from > to ? std::string() : fmt::format(" {}-{}", from, to);
        };
        const std::string masters =
            fmt::format("{} 10.0.0.0:7000@17000 myself,master - 0 0 1 connected{}\n",
                        numbered_id(0), ranges(0, c.first - 1)) +
            fmt::format("{} 10.0.0.1:7000@17000 master - 0 0 2 connected{}\n", numbered_id(1),
                        ranges(c.last + 1, kSlotCount - 1));
        auto replica = [&](const std::string& slots) {
            return fmt::format("{} 10.0.0.2:7000@17000 slave {} 0 0 1 connected{}\n",
                               numbered_id(2), numbered_id(0), slots);
        };
        const std::string vars = "vars currentEpoch 2 lastVoteEpoch 0\n";
        const Dialect dialect = *find_dialect("redis-7.0");
        auto codes = [&](const std::string& input) {
            std::vector<std::pair<Code, std::uint32_t>> found;
            for (const Finding& f : analyze(input, dialect).result.findings)
                found.emplace_back(f.code, f.line);
            return found;
        };
        using Found = std::vector<std::pair<Code, std::uint32_t>>;
        EXPECT_EQ(codes(masters + replica(ranges(c.first, c.last)) + vars),
                  (Found{{Code::replica_with_slots, 3}}))
            << c.first;
        const Analysis gap = analyze(masters + replica("") + vars, dialect);
        ASSERT_EQ(gap.result.findings.size(), 1u) << c.first;
        EXPECT_EQ(gap.result.findings[0].message,
                  fmt::format("8 of 16384 slots have no owner: {}-{}", c.first, c.last));
    }
}

// Importing markers are recorded with room reserved for the rest of their line: a slot both
// migrating and importing is reported at its importing marker, wherever that marker lies against
// the reservation (the first of the line, on the line of thousands, or on a later line past the
// room left). Every slot is opened once each way, so a marker lost anywhere shows.
TEST(FastPaths, BothOpenSlotsAreReportedAtTheirImportingMarker) {
    using namespace nodesconf::test_ids;
    std::mt19937_64 rng(5);
    for (int round = 0; round < 20; ++round) {
        // Five-digit slots: their markers are longer than the shortest the reservation counts.
        std::vector<int> slots(6384);
        for (std::size_t i = 0; i < slots.size(); ++i) slots[i] = 10000 + static_cast<int>(i);
        std::shuffle(slots.begin(), slots.end(), rng);
        const std::size_t on_first = 1 + rng() % 3000, on_second = on_first / 5 + 50;
        std::vector<std::pair<std::uint32_t, std::uint32_t>> expected, found;
        auto importing = [&](std::string& line, std::uint32_t line_number, std::size_t from,
                             std::size_t count) {
            for (std::size_t i = from; i < from + count; ++i) {
                line += ' ';
                expected.emplace_back(line_number, static_cast<std::uint32_t>(line.size() + 1));
                line += fmt::format("[{}-<-{}]", slots[i], C);
            }
        };
        std::string first = A + " 1.2.3.4:7000@17000 myself,master - 0 0 1 connected 0-16383";
        importing(first, 1, 0, on_first);
        std::string second = B + " 1.2.3.4:7001@17001 master - 0 0 2 connected";
        importing(second, 2, on_first, on_second);
        for (std::size_t i = 0; i < on_first + on_second; ++i)
            second += fmt::format(" [{}->-{}]", slots[i], B);
        const std::string input = first + "\n" + second + "\n" + C +
                                  " 1.2.3.4:7002@17002 master - 0 0 3 connected\nvars "
                                  "currentEpoch 3 lastVoteEpoch 0\n";
        for (const Finding& f : analyze(input, *find_dialect("redis-7.0")).result.findings)
            if (f.code == Code::open_slot_both) found.emplace_back(f.line, f.column);
        std::sort(found.begin(), found.end());
        ASSERT_EQ(found, expected) << "round " << round;
    }
}

// Slot runs found a word at a time: the same runs as a test of every bit, for runs of every
// length up to past a word, lone slots at both ends of the table and of its words, and random
// sets from sparse to full.
TEST(FastPaths, SlotRunsAreTheRunsOfEveryBit) {
    auto reference = [](const SlotSet& slots) {
        std::vector<SlotRange> runs;
        for (int slot = 0; slot < kSlotCount; ++slot) {
            if (!slots[slot]) continue;
            if (!runs.empty() && runs.back().last == slot - 1)
                ++runs.back().last;
            else
                runs.push_back({slot, slot});
        }
        return runs;
    };
    std::vector<SlotSet> sets(2);
    sets[1].set();  // empty and full
    for (int length = 1; length <= 70; ++length)
        for (int gap : {1, 2, 63, 64}) {
            SlotSet& s = sets.emplace_back();
            for (int start = 0; start < kSlotCount; start += length + gap)
                for (int slot = start; slot < std::min(start + length, kSlotCount); ++slot)
                    s.set(slot);
        }
    for (int slot : {0, 1, 62, 63, 64, 65, 127, 128, 16319, 16320, 16382, 16383}) {
        sets.emplace_back().set(slot);
        sets.push_back(~sets.back());
    }
    std::mt19937 random(11);
    for (int density : {1, 10, 50, 90, 99})
        for (int round = 0; round < 20; ++round) {
            SlotSet& s = sets.emplace_back();
            for (int slot = 0; slot < kSlotCount; ++slot)
                if (static_cast<int>(random() % 100) < density) s.set(slot);
        }
    for (std::size_t i = 0; i < sets.size(); ++i)
        ASSERT_EQ(to_ranges(sets[i]), reference(sets[i])) << "set " << i;
}

// A group test sees one differing cell wherever it is and whichever bit differs, in both sizes
// the walks use; a fill writes exactly its run, by the loop or by the string store (from 512
// cells), and nothing around it.
TEST(FastPaths, GroupTestsAndFillsCoverEveryCellOfTheirRun) {
    auto check_group = [](auto size_tag) {
        constexpr std::size_t kN = decltype(size_tag)::value;
        for (const std::int32_t value : {kNoNode, 0, 7, 99999}) {
            std::array<std::int32_t, kN> cells;
            cells.fill(value);
            ASSERT_TRUE(detail::all_equal<kN>(cells.data(), value)) << kN;
            for (std::size_t at = 0; at < kN; ++at)
                for (const int bit : {0, 5, 17, 31}) {
                    cells[at] = value ^ static_cast<std::int32_t>(1u << bit);
                    ASSERT_FALSE(detail::all_equal<kN>(cells.data(), value))
                        << kN << " cells, cell " << at << " bit " << bit;
                    cells[at] = value;
                }
        }
    };
    check_group(std::integral_constant<std::size_t, 8>{});
    check_group(std::integral_constant<std::size_t, 64>{});

    std::mt19937 random(17);
    std::vector<std::int32_t> cells(kSlotCount), expected(kSlotCount);
    for (int round = 0; round < 400; ++round) {
        const std::size_t first = random() % kSlotCount;
        const std::size_t lengths[] = {
            0, 1, 7, 8, 9, 511, 512, 513, random() % 4096, kSlotCount - first};
        const std::size_t end = std::min<std::size_t>(
            kSlotCount, first + lengths[static_cast<std::size_t>(round) % std::size(lengths)]);
        std::fill(cells.begin(), cells.end(), kNoNode);
        expected = cells;
        std::fill(expected.begin() + static_cast<std::ptrdiff_t>(first),
                  expected.begin() + static_cast<std::ptrdiff_t>(end), round);
        detail::fill_run(cells, first, end, round);
        ASSERT_EQ(cells, expected) << "[" << first << ", " << end << ")";
    }
}

// The loader fills the slot owner table without a first fill: the blocks no claim touched are
// set free at the end, whichever way the claims came (whole blocks, a block's part, single slots
// before or after ranges). Sanitizer builds poison the unset cells, so a cell read or left unset
// names no node there. Copies and later writes keep the cells.
TEST(FastPaths, SlotCellsNoClaimTouchedLoadFree) {
    const Dialect dialect = *find_dialect("redis-7.0");
    const std::vector<std::vector<std::string>> claims = {{"0-5460"},
                                                          {"64-127"},
                                                          {"70-80"},
                                                          {"5"},
                                                          {"100", "0-63"},
                                                          {"0-63", "100"},
                                                          {"16383"},
                                                          {"1-16382"},
                                                          {"3", "1000-2000", "16000"},
                                                          {"200-300", "64-65"},
                                                          {"0-16383", "7"}};
    const std::string myself =
        numbered_id(0) + " 10.0.0.1:7000@17000 myself,master - 0 0 1 connected";
    const std::string vars = "\nvars currentEpoch 1 lastVoteEpoch 0\n";
    for (const auto& tokens : claims) {
        std::string line = myself;
        std::vector<std::int32_t> expected(kSlotCount, kNoNode);
        for (const std::string& token : tokens) {
            line += " " + token;
            const auto dash = token.find('-');
            const int start = std::stoi(token.substr(0, dash));
            const int stop = dash == std::string::npos ? start : std::stoi(token.substr(dash + 1));
            for (int s = start; s <= stop; ++s) expected[static_cast<std::size_t>(s)] = 0;
        }
        const ParseResult result = parse_config(line + vars, dialect);
        const std::span<const std::int32_t> cells = result.config.slot_owner.written_cells();
        ASSERT_EQ(cells.size(), static_cast<std::size_t>(kSlotCount)) << line;
        for (int s = 0; s < kSlotCount; ++s)
            ASSERT_EQ(cells[static_cast<std::size_t>(s)], expected[static_cast<std::size_t>(s)])
                << line << " slot " << s;

        Config copy = result.config;
        EXPECT_TRUE(
            std::equal(cells.begin(), cells.end(), copy.slot_owner.written_cells().begin()));
        copy.slot_owner.data_for_overwrite()[9] = 0;  // an existing table keeps its cells
        EXPECT_EQ(copy.slot_owner[8], expected[8]);
        EXPECT_EQ(copy.slot_owner[9], 0);
        EXPECT_EQ(result.config.slot_owner[9], expected[9]);
    }
    // No slot claimed: no table, and every slot reads free.
    const ParseResult none = parse_config(myself + vars, dialect);
    EXPECT_TRUE(none.config.slot_owner.written_cells().empty());
    EXPECT_EQ(none.config.slot_owner[0], kNoNode);
}

// The loader's summary of the slot owners, a value per 64-slot block, says what the cells hold,
// also once the nodes are put back into file order; the checks that read it find what a walk
// over every cell finds; any access that may write the cells drops it.
TEST(FastPaths, SlotBlockSummaryDescribesTheCellsAndChangesNoFinding) {
    const Dialect dialect = *find_dialect("redis-7.0");
    std::mt19937_64 rng(37);
    std::size_t summarised = 0, several = 0;
    for (int round = 0; round < 300; ++round) {
        const std::size_t lines = 1 + rng() % 6;
        std::string input;
        for (std::size_t l = 0; l < lines; ++l) {
            // Replicas name a later line's node now and then, so the nodes get reordered; some
            // replicas own slots, and some slots stay free.
            const bool replica = l > 0 && rng() % 3 == 0;
            input +=
                fmt::format("{} 10.0.0.{}:7000@17000 {}{} {} 0 0 {} connected", numbered_id(l), l,
                            l == 0 ? "myself," : "", replica ? "slave" : "master",
                            replica ? numbered_id((l + 1 + rng() % 3) % (lines + 2)) : "-", l + 1);
            // Single slots, ranges of whole blocks (a block only one node holds: the summary
            // stands for its cells) and ranges that end anywhere (blocks of several values).
            for (std::uint64_t t = 0, tokens = rng() % 4; t < tokens; ++t) {
                const int start = static_cast<int>(rng() % kSlotCount);
                const int block_start = start / SlotTable::kBlock * SlotTable::kBlock;
                switch (rng() % 4) {
                    case 0:
                        input += fmt::format(" {}", start);
                        break;
                    case 1:
                        input += fmt::format(
                            " {}-{}", block_start,
                            std::min(kSlotCount,
                                     block_start +
                                         SlotTable::kBlock * static_cast<int>(1 + rng() % 40)) -
                                1);
                        break;
                    default:
                        input += fmt::format(
                            " {}-{}", start,
                            std::min(kSlotCount - 1, start + static_cast<int>(rng() % 6000)));
                }
            }
            input += "\n";
        }
        input += fmt::format("vars currentEpoch {} lastVoteEpoch 0\n", lines);
        const ParseResult parsed = parse_config(input, dialect);
        const SlotTable& owners = parsed.config.slot_owner;
        const std::span<const std::int32_t> blocks = owners.block_values();
        if (owners.written_cells().empty()) {
            EXPECT_TRUE(blocks.empty());
            continue;
        }
        ASSERT_EQ(blocks.size(), static_cast<std::size_t>(kSlotCount / SlotTable::kBlock));
        ++summarised;
        for (int b = 0; b < kSlotCount / SlotTable::kBlock; ++b) {
            const std::int32_t value = blocks[static_cast<std::size_t>(b)];
            if (value == SlotTable::kSeveral) {
                ++several;
                continue;
            }
            for (int s = b * SlotTable::kBlock; s < (b + 1) * SlotTable::kBlock; ++s)
                ASSERT_EQ(owners[s], value) << input << "slot " << s;
        }

        std::vector<Finding> with_summary, without;
        check_config(parsed.config, dialect, with_summary);
        Config walked = parsed.config;
        EXPECT_FALSE(walked.slot_owner.block_values().empty());  // a copy keeps it
        walked.slot_owner.written_cells();                       // may write: drops it
        EXPECT_TRUE(walked.slot_owner.block_values().empty());
        check_config(walked, dialect, without);
        auto described = [](const std::vector<Finding>& findings) {
            std::vector<std::tuple<Code, std::uint32_t, std::string>> out;
            for (const Finding& f : findings) out.emplace_back(f.code, f.line, f.message);
            return out;
        };
        ASSERT_EQ(described(with_summary), described(without)) << input;
    }
    EXPECT_GT(summarised, 200u);
    EXPECT_GT(several, 100u);

    SlotTable table;
    table.fill(3);
    std::vector<std::int32_t> threes(kSlotCount / SlotTable::kBlock, 3);
    table.set_block_values(threes);
    EXPECT_EQ(table.block_values().size(), threes.size());
    table[5] = 4;  // a write through the mutable cells drops it
    EXPECT_TRUE(table.block_values().empty());
    table.set_block_values(threes);
    table.data_for_overwrite();
    EXPECT_TRUE(table.block_values().empty());
    table.set_block_values(threes);
    table.fill(2);
    EXPECT_TRUE(table.block_values().empty());
}

// When nodes are put back into file order (a replica named its master before the master's line,
// or a master never got one), the slot tables follow their nodes: every slot's owner, migration
// target and import source is the same node as in a plain model of the file, whatever runs
// the tables hold.
TEST(FastPaths, SlotTablesFollowTheirNodesIntoFileOrder) {
    std::mt19937_64 rng(13);
    for (int round = 0; round < 300; ++round) {
        const std::size_t lines = 1 + rng() % 12;
        const std::size_t pool = lines + rng() % 4;  // ids beyond the lines: never get one
        std::vector<std::size_t> ids(pool);
        for (std::size_t i = 0; i < pool; ++i) ids[i] = i;
        std::shuffle(ids.begin(), ids.end(), rng);  // ids[l] is line l's node
        std::vector<std::int64_t> owner(kSlotCount, -1), migrating(kSlotCount, -1),
            importing(kSlotCount, -1);
        std::string input;
        for (std::size_t l = 0; l < lines; ++l) {
            const bool replica = l > 0 && rng() % 2 == 0;
            const std::size_t master = ids[rng() % pool];
            std::string tail;
            if (!replica)
                for (std::uint64_t r = 0, ranges = 1 + rng() % 3; r < ranges; ++r) {
                    // The table's first and last cells are often in a range: runs at both ends.
                    const int start = rng() % 4 == 0 ? 0 : static_cast<int>(rng() % kSlotCount);
                    const int stop =
                        rng() % 4 == 0
                            ? kSlotCount - 1
                            : std::min(kSlotCount - 1, start + static_cast<int>(rng() % 3000));
                    tail += fmt::format(" {}-{}", start, stop);
                    for (int s = start; s <= stop; ++s)
                        if (owner[s] < 0) owner[s] = static_cast<std::int64_t>(ids[l]);
                }
            if (l == 0)  // open slots on myself, each slot once
                for (int k = 0; k < 4; ++k) {
                    const int slot = k == 0 && rng() % 2 == 0 ? 0
                                     : k == 1 && rng() % 2 == 0
                                         ? kSlotCount - 1
                                         : static_cast<int>(rng() % kSlotCount);
                    if (migrating[slot] >= 0 || importing[slot] >= 0) continue;
                    const std::size_t other = ids[rng() % pool];
                    const bool out = rng() % 2 == 0;
                    (out ? migrating : importing)[slot] = static_cast<std::int64_t>(other);
                    tail += fmt::format(" [{}-{}-{}]", slot, out ? ">" : "<", numbered_id(other));
                }
            input += fmt::format("{} 10.0.0.1:7000@17000 {} {} 0 0 {} connected{}\n",
                                 numbered_id(ids[l]),
                                 l == 0    ? "myself,master"
                                 : replica ? "slave"
                                           : "master",
                                 replica ? numbered_id(master) : "-", l + 1, tail);
        }
        input += fmt::format("vars currentEpoch {} lastVoteEpoch 0\n", lines);

        const Config& config = analyze(input, *find_dialect("redis-7.0")).result.config;
        auto id_at = [&](std::int32_t node) {
            return node == kNoNode ? std::string("-") : std::string(config.nodes[node].id.view());
        };
        auto id_of = [](std::int64_t id) {
            return id < 0 ? std::string("-") : numbered_id(static_cast<std::size_t>(id));
        };
        for (int s = 0; s < kSlotCount; ++s) {
            ASSERT_EQ(id_at(config.slot_owner[s]), id_of(owner[s])) << "slot " << s << " of\n"
                                                                    << input;
            ASSERT_EQ(id_at(config.migrating_to[s]), id_of(migrating[s])) << "slot " << s;
            ASSERT_EQ(id_at(config.importing_from[s]), id_of(importing[s])) << "slot " << s;
        }
    }
}

TEST(FastPaths, UsualAddressesSplitAsTheLongWaySplitsThem) {
    // Addresses from the bytes that matter to the split, in every dialect's style: where the
    // fast path takes one, its head and parse_address() must split it the same way, the head
    // with nothing to report, and the fields after a first comma must come out of
    // split_address_tail() as parse_address() gives them, findings and all.
    const std::string alphabet = "0123456789:@,.a=-";
    const std::string shard = "shard-id=5213e3365a77ee664e78e31542e8d4ef329c63bc";
    std::mt19937_64 rng(17);
    std::vector<std::string> addresses = {
        "10.0.0.1:6379@16379",
        "10.0.0.1:6379",
        ":0@0",
        "::1:7000@17000",
        "1.2.3.4:65535@65535",
        "1.2.3.4:55535",
        "1.2.3.4:55536",
        "1.2.3.4:065535@1",
        "1.2.3.4:6379@16379@1",
        "h:1@2:3",
        "1.2.3.4:@1",
        "1.2.3.4:1@",
        "a@b:1@2",
        "10.0.0.1:6379@16379,,tls-port=0," + shard,
        "10.0.0.1:6379@16379,host.example,tls-port=6380," + shard,
        "10.0.0.1:6379@16379,,tcp-port=7000,tls-port=0,nodename=n1",
        "10.0.0.1:6379@16379,,client-ipv4=10.0.0.9",
        "10.0.0.1:6379@16379,",
        "10.0.0.1:6379@16379,,",
        "10.0.0.1:6379@16379,h,bad,a=b=c,=,x:y=1,shard-id=NOPE",
        "10.0.0.1:6379@16379,a=b",
        "10.0.0.1:6379,,tls-port=0",
        "[::1]:6379@16379,,tls-port=0"};
    for (int i = 0; i < 200000; ++i) {
        std::string text;
        for (std::uint64_t k = 0, n = rng() % 48; k < n; ++k) {
            const std::uint64_t pick = rng() % 4;
            text += pick == 0 ? alphabet[rng() % alphabet.size()] : "0123456789"[rng() % 10];
        }
        addresses.push_back(text);
    }
    struct Reported {
        Code code;
        std::uint32_t column, length;
        std::string message;
        bool operator==(const Reported&) const = default;
    };
    std::array<std::size_t, 2> taken{};
    std::size_t with_tail = 0;
    for (const Dialect& dialect : all_families()) {
        DialectEvidence running_from_split, running_from_token;
        for (const std::string& address : addresses) {
            const std::string buffer = address + std::string(40, ' ');  // readable past the end
            detail::UsualAddress usual;
            const bool fast = detail::split_usual_address(
                buffer.data(), address.size(), buffer.size(), dialect.address_style, usual);
            // Fewer than 40 bytes readable: the fast path's loads could pass the buffer's end.
            detail::UsualAddress unused;
            ASSERT_FALSE(detail::split_usual_address(buffer.data(), address.size(), 39,
                                                     dialect.address_style, unused));
            if (!fast) continue;
            ++taken[dialect.address_style != AddressStyle::ip_port];
            auto recorder = [](std::vector<Reported>& into) {
                return [&into](Code code, std::uint32_t column, std::uint32_t length,
                               std::string message) {
                    into.push_back({code, column, length, std::move(message)});
                };
            };
            std::vector<Reported> slow_reports, tail_reports;
            auto slow_report = recorder(slow_reports);
            auto tail_report = recorder(tail_reports);
            detail::ParsedAddress slow, tail;
            detail::parse_address(address, dialect, slow_report, slow);
            SCOPED_TRACE(fmt::format("'{}' as {}", address, dialect.name));
            ASSERT_TRUE(slow.ok);
            ASSERT_EQ(std::string_view(address).substr(0, usual.ip_length), slow.ip);
            ASSERT_EQ(usual.port, slow.port);
            ASSERT_EQ(usual.cport, slow.cport);
            ASSERT_EQ(usual.cport_given, slow.cport_given);
            if (usual.length < address.size()) {
                ++with_tail;
                ASSERT_EQ(address[usual.length], ',');
                detail::split_address_tail(address, usual.length + 1, dialect, tail_report, tail);
            }
            ASSERT_EQ(slow_reports, tail_reports);
            ASSERT_EQ(slow.hostname, tail.hostname);
            ASSERT_EQ(slow.aux.size(), tail.aux.size());
            for (std::size_t k = 0; k < slow.aux.size(); ++k) {
                const detail::AuxToken &x = slow.aux[k], &y = tail.aux[k];
                ASSERT_EQ(std::tie(x.key, x.value, x.column, x.length, x.valid, x.id),
                          std::tie(y.key, y.value, y.column, y.length, y.valid, y.id));
                if (x.valid) {
                    ASSERT_EQ(aux_key_name(x.id), x.key);
                }
            }
            // The loader notes the dialect evidence from the split, not from the token again:
            // alone, and after all the addresses before it.
            DialectEvidence from_split, from_token;
            if (usual.length < address.size()) {
                const std::string_view after_comma =
                    std::string_view(address).substr(usual.length + 1);
                from_split.note_address_tail(after_comma);
                running_from_split.note_address_tail(after_comma);
            } else {
                ASSERT_EQ(usual.has_at, address.find('@') != std::string::npos);
                from_split.note_address_without_comma(usual.has_at);
                running_from_split.note_address_without_comma(usual.has_at);
            }
            from_token.note_address(address);
            running_from_token.note_address(address);
            ASSERT_EQ(from_split.dialect().name, from_token.dialect().name);
            ASSERT_EQ(running_from_split.dialect().name, running_from_token.dialect().name);
        }
    }
    // The fast path is not vacuous: it takes the usual address, the 7.2+ one with its aux
    // fields, and many random ones.
    detail::UsualAddress usual;
    const std::string usual_line = "10.0.0.1:6379@16379 master - 0 0 1 connected 0-16383";
    ASSERT_TRUE(detail::split_usual_address(usual_line.data(), 19, usual_line.size(),
                                            AddressStyle::ip_port_cport, usual));
    EXPECT_EQ(usual.ip_length, 8u);
    EXPECT_EQ(usual.cport, 16379);
    EXPECT_EQ(usual.length, 19u);
    const std::string aux_line = "10.0.0.1:6379@16379,,tls-port=0," + shard + " master";
    const std::size_t aux_address = aux_line.find(' ');
    ASSERT_TRUE(detail::split_usual_address(aux_line.data(), aux_address, aux_line.size(),
                                            AddressStyle::aux, usual));
    EXPECT_EQ(usual.length, 19u);
    EXPECT_FALSE(detail::split_usual_address(aux_line.data(), aux_address, aux_line.size(),
                                             AddressStyle::ip_port_cport, usual));
    EXPECT_GT(taken[0], 1000u);
    EXPECT_GT(taken[1], 1000u);
    EXPECT_GT(with_tail, 1000u);
}

TEST(FastPaths, ByteCountIsStdCount) {
    // Lengths around the 64-byte steps and the 127-step sums, densities from none to every
    // byte (every byte a match is where a byte lane would overflow first).
    std::mt19937_64 rng(19);
    for (std::size_t length :
         {0, 1, 15, 16, 63, 64, 65, 127, 128, 1000, 8127, 8128, 8129, 8192, 20000, 100000}) {
        for (int density : {0, 1, 50, 100}) {
            std::string text(length, 'x');
            for (char& c : text)
                if (static_cast<int>(rng() % 100) < density) c = '\n';
            ASSERT_EQ(detail::count_byte(text, '\n'),
                      static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')))
                << length << " bytes, " << density << "% newlines";
            // From every offset of a 16-byte group, so loads start unaligned.
            for (std::size_t from = 1; from < 16 && from < length; ++from) {
                const std::string_view part = std::string_view(text).substr(from);
                ASSERT_EQ(detail::count_byte(part, '\n'),
                          static_cast<std::size_t>(std::count(part.begin(), part.end(), '\n')));
            }
        }
    }
}

TEST(FastPaths, MatchingPrefixIsStdMismatch) {
    std::mt19937_64 rng(23);
    for (std::size_t length : {0, 1, 15, 16, 17, 31, 32, 33, 100, 1000}) {
        const std::string a = [&] {
            std::string text(length, ' ');
            for (char& c : text) c = static_cast<char>('0' + rng() % 10);
            return text;
        }();
        // Equal throughout, and then different at each byte in turn.
        for (std::size_t differ = 0; differ <= length; ++differ) {
            std::string b = a;
            if (differ < length) b[differ] = 'x';
            ASSERT_EQ(detail::matching_prefix(a.data(), b.data(), length), differ) << length;
        }
    }
}

// The text of all slots in order, and where each slot's space lies in it, against the text
// built token by token.
TEST(FastPaths, AscendingSlotsTextIsEverySlotInOrder) {
    std::string expected;
    std::vector<std::size_t> spaces;
    for (int slot = 0; slot < kSlotCount; ++slot) {
        spaces.push_back(expected.size());
        expected += " " + std::to_string(slot);
    }
    spaces.push_back(expected.size());
    expected += " ";
    ASSERT_EQ(detail::ascending_slots_text(), expected);
    for (int slot = 0; slot <= kSlotCount; ++slot)
        ASSERT_EQ(detail::space_before_slot(slot), spaces[static_cast<std::size_t>(slot)]) << slot;
    // Every end, against counting the spaces before it.
    int spaced = -1;
    for (std::size_t end = 1; end <= expected.size(); ++end) {
        if (expected[end - 1] == ' ') ++spaced;
        ASSERT_EQ(detail::last_slot_spaced_before(end), spaced) << end;
    }
}

TEST(FastPaths, PopulatedRangesRememberTheLastFour) {
    // prefault() skips a buffer inside a range it populated lately (the same heap memory, back
    // for the next file), and only those.
    detail::PopulatedRanges populated;
    EXPECT_FALSE(populated.covers(0x1000, 0x2000));
    populated.add(0x10000, 0x50000);
    EXPECT_TRUE(populated.covers(0x10000, 0x50000));
    EXPECT_TRUE(populated.covers(0x20000, 0x30000));
    EXPECT_FALSE(populated.covers(0x0f000, 0x30000));  // starts before
    EXPECT_FALSE(populated.covers(0x20000, 0x50001));  // ends after
    for (std::uintptr_t k = 1; k <= 3; ++k) populated.add(k << 24, (k << 24) + 0x1000);
    EXPECT_TRUE(populated.covers(0x10000, 0x50000));  // still one of the last four
    EXPECT_TRUE(populated.covers(std::uintptr_t{3} << 24, (std::uintptr_t{3} << 24) + 0x1000));
    populated.add(std::uintptr_t{4} << 24, (std::uintptr_t{4} << 24) + 0x1000);
    EXPECT_FALSE(populated.covers(0x10000, 0x50000));  // the oldest is forgotten
    EXPECT_TRUE(populated.covers(std::uintptr_t{1} << 24, (std::uintptr_t{1} << 24) + 0x1000));

    // What prefault() asks: once per range, but every time for a buffer that malloc maps afresh.
    detail::PopulatedRanges asked;
    EXPECT_TRUE(asked.should_populate(0x100000, 0x200000));
    EXPECT_FALSE(asked.should_populate(0x100000, 0x200000));
    EXPECT_FALSE(asked.should_populate(0x180000, 0x200000));
    const std::uintptr_t huge = std::uintptr_t{1} << 40, mapped = std::uintptr_t{32} << 20;
    EXPECT_TRUE(asked.should_populate(huge, huge + mapped));
    EXPECT_TRUE(asked.should_populate(huge, huge + mapped));
    EXPECT_FALSE(asked.should_populate(0x100000, 0x200000));  // not pushed out by those
    EXPECT_TRUE(asked.should_populate(huge, huge + mapped - 0x1000));
    EXPECT_FALSE(asked.should_populate(huge, huge + mapped - 0x1000));
}

TEST(FastPaths, SlotClaimsFindWhatACellByCellClaimFinds) {
    // Whole blocks, partial blocks, full blocks with several owners (counted once, then looked
    // up) and single slots, against the server's loop: a cell at a time, the first claim wins.
    using namespace nodesconf::test_ids;
    const std::array<std::string, 3> ids = {A, B, C};
    std::mt19937_64 rng(29);
    std::size_t census_claims = 0;  // whole-block claims on full blocks with several owners
    for (int round = 0; round < 300; ++round) {
        std::vector<std::int32_t> owner(kSlotCount, kNoNode);
        std::vector<std::string> expected;
        std::string input;
        // Node 0 again last: a claim by the owner of a block's first cell.
        for (const int n : {0, 1, 2, 0}) {
            std::string line =
                fmt::format("{} 127.0.0.1:{}@{} {} - 0 0 {} connected", ids[n], 7000 + n, 17000 + n,
                            n == 0 ? "myself,master" : "master", n + 1);
            auto claim = [&](int first, int last) {
                line +=
                    first == last ? fmt::format(" {}", first) : fmt::format(" {}-{}", first, last);
                int taken = 0;
                std::int32_t other = kNoNode;
                bool whole_full_mixed = false;
                for (int slot = first; slot <= last; ++slot) {
                    if (slot % 64 == 0 && slot + 63 <= last) {
                        const auto block = owner.begin() + slot;
                        whole_full_mixed |= std::find(block, block + 64, kNoNode) == block + 64 &&
                                            std::count(block, block + 64, block[0]) != 64;
                    }
                    if (owner[slot] == kNoNode) {
                        owner[slot] = n;
                    } else if (owner[slot] != n) {
                        ++taken;
                        if (other == kNoNode) other = owner[slot];
                    }
                }
                census_claims += whole_full_mixed;
                if (taken == 0) return;
                const std::string by =
                    fmt::format("{} (line {})", ids[other].substr(0, 8), other + 1);
                expected.push_back(
                    taken == 1 && first == last
                        ? fmt::format(
                              "slot {} is claimed by 2 nodes; the server keeps the first, {}",
                              first, by)
                        : fmt::format("{} of slots {}-{} are already claimed (first by {}); the "
                                      "server keeps the first claim",
                                      taken, first, last, by));
            };
            for (int t = 0, tokens = 1 + static_cast<int>(rng() % 30); t < tokens; ++t) {
                const int first = static_cast<int>(rng() % kSlotCount);
                switch (rng() % 4) {
                    case 0:
                        claim(first, first);
                        break;
                    case 1:
                        claim(first,
                              std::min(kSlotCount - 1, first + static_cast<int>(rng() % 300)));
                        break;
                    case 2: {  // whole blocks
                        const int block = first / 64;
                        claim(block * 64,
                              std::min(kSlotCount, (block + 1 + static_cast<int>(rng() % 4)) * 64) -
                                  1);
                        break;
                    }
                    default:
                        claim(0, kSlotCount - 1);
                }
            }
            if (round % 2 == 0 && n == 0 && input.empty())  // a slot of node 0's in every block
                for (int block = 0; block < kSlotCount / 64; ++block) {
                    const int slot = block * 64 + static_cast<int>(rng() % 64);
                    claim(slot, slot);
                }
            input += line + '\n';
        }
        input += "vars currentEpoch 3 lastVoteEpoch 0\n";
        const ParseResult result = parse_config(input, *find_dialect("redis-7.0"));
        std::vector<std::string> found;
        for (const Finding& f : result.findings)
            if (f.code == Code::slot_overlap) found.push_back(f.message);
        ASSERT_EQ(found, expected) << input;
        for (int slot = 0; slot < kSlotCount; ++slot)
            ASSERT_EQ(result.config.slot_owner[slot], owner[static_cast<std::size_t>(slot)])
                << slot;
    }
    EXPECT_GT(census_claims, 100u);  // the lookup is not vacuous
}
