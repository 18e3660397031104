// byte_marks.h's loops for machines without SSE2 against naive references: on the machines we
// build on, every other test runs the vector path.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>

#include "scalar_byte_marks.h"

using namespace nodesconf;

TEST(ScalarByteMarks, MarksAreTheBytesThatMatch) {
    std::mt19937 rng(17);
    const std::string alphabet = "0189 /:@-[\n\xff";
    for (int round = 0; round < 20000; ++round) {
        std::string bytes(32, ' ');
        for (char& c : bytes) c = alphabet[rng() % alphabet.size()];
        std::uint32_t spaces = 0, digits = 0;
        for (unsigned i = 0; i < 32; ++i) {
            spaces |= std::uint32_t{bytes[i] == ' '} << i;
            digits |= std::uint32_t{bytes[i] >= '0' && bytes[i] <= '9'} << i;
        }
        ASSERT_EQ(scalar::marks_of(bytes.data(), ' '), spaces) << bytes;
        ASSERT_EQ(scalar::digit_marks(bytes.data()), digits) << bytes;
    }
}

TEST(ScalarByteMarks, CountIsStdCount) {
    std::mt19937 rng(19);
    for (std::size_t length : {0, 1, 15, 16, 63, 64, 65, 1000, 8129}) {
        std::string text(length, 'x');
        for (char& c : text)
            if (rng() % 3 == 0) c = '\n';
        ASSERT_EQ(scalar::count_byte(text, '\n'),
                  static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')));
    }
}

TEST(ScalarByteMarks, MatchingPrefixIsStdMismatch) {
    for (std::size_t length : {0, 1, 15, 16, 17, 100}) {
        const std::string a(length, '7');
        for (std::size_t differ = 0; differ <= length; ++differ) {
            std::string b = a;
            if (differ < length) b[differ] = '8';
            ASSERT_EQ(scalar::matching_prefix(a.data(), b.data(), length), differ) << length;
        }
    }
}
