// A small streaming JSON writer: enough for our documents, with correct string escaping
// (nodes.conf may hold any bytes; invalid UTF-8 is escaped byte-wise as \u00XX).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace nodesconf::cli {

class JsonWriter {
  public:
    JsonWriter& begin_object();
    JsonWriter& end_object();
    JsonWriter& begin_array();
    JsonWriter& end_array();
    JsonWriter& key(std::string_view name);
    JsonWriter& value(std::string_view text);
    JsonWriter& value(const char* text) { return value(std::string_view(text)); }
    JsonWriter& value(std::int64_t number);
    JsonWriter& value(std::uint64_t number);
    JsonWriter& value(int number) { return value(static_cast<std::int64_t>(number)); }
    JsonWriter& value(std::uint32_t number) { return value(static_cast<std::uint64_t>(number)); }
    JsonWriter& value(bool flag);
    JsonWriter& null();
    // A value rendered by another JsonWriter (its str() without the newline).
    JsonWriter& raw(std::string_view json);
    std::string str() const { return out_ + "\n"; }

  private:
    void separate();
    std::string out_;
    std::vector<bool> first_;  // per open container: no element written yet
    bool after_key_ = false;
};

}  // namespace nodesconf::cli
