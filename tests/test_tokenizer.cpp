#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "nodesconf/tokenizer.h"

using namespace nodesconf;

namespace {
std::vector<std::string> split(std::string_view line) {
    TokenBuffer tokens;
    EXPECT_TRUE(tokenize(line, tokens)) << line;
    std::vector<std::string> out;
    for (const Token& t : tokens) out.emplace_back(t.text);
    return out;
}
TokenizeError error_of(std::string_view line) {
    TokenBuffer tokens;
    EXPECT_FALSE(tokenize(line, tokens)) << line;
    return tokens.error();
}
}  // namespace

TEST(Tokenizer, SplitsOnServerWhitespace) {
    EXPECT_EQ(split("a b\tc\r"), (std::vector<std::string>{"a", "b", "c"}));
    EXPECT_EQ(split("  lead  trail  "), (std::vector<std::string>{"lead", "trail"}));
}

TEST(Tokenizer, VerticalTabAndFormFeedAreSkippedBeforeButKeptInsideTokens) {
    // isspace() skips \v and \f before a token, but only ' ', \n, \r, \t, NUL end one.
    EXPECT_EQ(split("\va\vb c"), (std::vector<std::string>{"a\vb", "c"}));
}

TEST(Tokenizer, EmptyAndWhitespaceOnlyGiveNoTokens) {
    EXPECT_TRUE(split("").empty());
    EXPECT_TRUE(split(" \t\r").empty());
}

TEST(Tokenizer, DoubleQuotesJoinAndDecodeEscapes) {
    EXPECT_EQ(split(R"(ab"c d" e)"), (std::vector<std::string>{"abc d", "e"}));
    EXPECT_EQ(split(R"("\x41\x6a\n\t\q\\")"), (std::vector<std::string>{"Aj\n\tq\\"}));
}

TEST(Tokenizer, SingleQuotesOnlyEscapeTheQuote) {
    EXPECT_EQ(split(R"('a\'b\n')"), (std::vector<std::string>{"a'b\\n"}));
}

TEST(Tokenizer, QuotedTokenKnowsItsRawExtent) {
    TokenBuffer tokens;
    ASSERT_TRUE(tokenize(R"(x "a b" y)", tokens));
    ASSERT_EQ(tokens.size(), 3u);
    EXPECT_TRUE(tokens[1].quoted);
    EXPECT_EQ(tokens[1].column, 2u);
    EXPECT_EQ(tokens[1].length, 5u);
    EXPECT_EQ(tokens[2].column, 8u);
    EXPECT_TRUE(tokens.any_quoted());
}

TEST(Tokenizer, UnterminatedQuoteFails) {
    EXPECT_EQ(error_of("a \"bc"), TokenizeError::unterminated_quote);
    EXPECT_EQ(error_of("a 'bc"), TokenizeError::unterminated_quote);
    EXPECT_EQ(error_of(R"("abc\")"), TokenizeError::unterminated_quote);
}

TEST(Tokenizer, ClosingQuoteMustBeFollowedBySpace) {
    EXPECT_EQ(error_of(R"("abc"d)"), TokenizeError::text_after_quote);
    EXPECT_EQ(error_of("'abc'd"), TokenizeError::text_after_quote);
    EXPECT_EQ(split("\"abc\"\vd"), (std::vector<std::string>{"abc", "d"}));
}

TEST(Tokenizer, UnquotedTokensAreViewsIntoTheLine) {
    const std::string line = "abc def";
    TokenBuffer tokens;
    ASSERT_TRUE(tokenize(line, tokens));
    EXPECT_EQ(tokens[1].text.data(), line.data() + 4);
}

TEST(Tokenizer, AsciiCaseInsensitiveCompare) {
    EXPECT_TRUE(ascii_iequals("VaRs", "vars"));
    EXPECT_FALSE(ascii_iequals("vars", "varz"));
    EXPECT_FALSE(ascii_iequals("var", "vars"));
}
