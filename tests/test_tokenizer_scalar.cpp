// The tokenizer built without SSE2 (tests/CMakeLists.txt compiles tokenizer.cpp alone for this
// test with vector registers off): its plain-line scan must split as the vector one does, which
// the other tests check against sdssplitargs on the machines we build on.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "nodesconf/tokenizer.h"

using namespace nodesconf;

namespace {

bool is_separator(char c) {
    return c == ' ' || c == '\t' || c == '\r';
}

}  // namespace

TEST(ScalarTokenizer, PlainLinesSplitAtEveryLengthAndOffset) {
    std::mt19937 rng(13);
    const std::string alphabet = "ab12-[  \t\r";
    PlainLine plain;
    for (int round = 0; round < 100000; ++round) {
        std::string line(rng() % 300, ' ');
        for (char& c : line) c = alphabet[rng() % alphabet.size()];
        if (round % 7 == 0 && !line.empty()) line[rng() % line.size()] = "\"'\v\f"[rng() % 4];
        const bool plain_expected = line.find_first_of("\"'\v\f") == std::string::npos;
        ASSERT_EQ(plain.scan(line), plain_expected) << '[' << line << ']';
        if (!plain_expected) continue;
        std::vector<Token> expected;
        for (std::size_t p = 0; p < line.size();) {
            while (p < line.size() && is_separator(line[p])) ++p;
            if (p >= line.size()) break;
            const std::size_t start = p;
            while (p < line.size() && !is_separator(line[p])) ++p;
            expected.push_back({std::string_view(line).substr(start, p - start),
                                static_cast<std::uint32_t>(start),
                                static_cast<std::uint32_t>(p - start), false});
        }
        std::size_t i = 0;
        for (Token t; plain.next(t); ++i) {
            ASSERT_LT(i, expected.size()) << '[' << line << ']';
            EXPECT_EQ(t.text, expected[i].text) << '[' << line << "] token " << i;
            EXPECT_EQ(t.column, expected[i].column) << '[' << line << "] token " << i;
        }
        ASSERT_EQ(i, expected.size()) << '[' << line << ']';
    }
}
