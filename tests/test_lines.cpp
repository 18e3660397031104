#include <gtest/gtest.h>

#include <string>

#include "nodesconf/lines.h"

using namespace nodesconf;

TEST(Lines, SkipsLinesStartingWithNewlineOrNul) {
    const std::string bytes = std::string("a\n\nb\n") + std::string(1, '\0') + "c\n";
    LineReader reader(bytes);
    auto a = reader.next();
    ASSERT_TRUE(a);
    EXPECT_EQ(a->text, "a");
    EXPECT_FALSE(a->skipped_as_blank);
    auto blank = reader.next();
    EXPECT_TRUE(blank->skipped_as_blank);
    EXPECT_EQ(blank->line, 2u);
    auto b = reader.next();
    EXPECT_EQ(b->text, "b");
    auto nul = reader.next();
    EXPECT_TRUE(nul->skipped_as_blank);
    EXPECT_TRUE(nul->truncated_at_nul);
    EXPECT_FALSE(reader.next());
}

TEST(Lines, FinalLineWithoutNewlineIsRead) {
    LineReader reader("x\ny");
    reader.next();
    auto y = reader.next();
    ASSERT_TRUE(y);
    EXPECT_EQ(y->text, "y");
    EXPECT_FALSE(y->ends_with_newline);
}

TEST(Lines, LongLinesAreSplitLikeFgets) {
    // With a 4-byte buffer (3 bytes a read), "abcdefg\n" reads as "abc", "def", "g".
    LineReader reader("abcdefg\nz\n", 3);
    auto first = reader.next();
    EXPECT_EQ(first->text, "abc");
    EXPECT_FALSE(first->continues_physical);
    auto second = reader.next();
    EXPECT_EQ(second->text, "def");
    EXPECT_TRUE(second->continues_physical);
    EXPECT_EQ(second->column, 4u);
    EXPECT_EQ(second->line, 1u);
    auto third = reader.next();
    EXPECT_EQ(third->text, "g");
    auto z = reader.next();
    EXPECT_EQ(z->line, 2u);
}

TEST(Lines, ExactBufferLengthLeavesOnlyTheNewlineWhichIsSkipped) {
    LineReader reader("abc\n", 3);
    EXPECT_EQ(reader.next()->text, "abc");
    EXPECT_TRUE(reader.next()->skipped_as_blank);
}

TEST(Lines, TextStopsAtNul) {
    const std::string bytes("ab\0cd\n", 6);
    LineReader reader(bytes);
    auto line = reader.next();
    EXPECT_EQ(line->text, "ab");
    EXPECT_TRUE(line->truncated_at_nul);
}

TEST(Lines, LineColumnAndPhysicalLine) {
    const std::string bytes = "one\ntwo\nthree";
    EXPECT_EQ(line_column_at(bytes, 5).line, 2u);
    EXPECT_EQ(line_column_at(bytes, 5).column, 2u);
    EXPECT_EQ(physical_line(bytes, 3), "three");
    EXPECT_EQ(physical_line(bytes, 9), "");
}
