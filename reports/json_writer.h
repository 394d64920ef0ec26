#pragma once
// A streaming JSON writer: reports for 100k goroutines are written as they
// are produced, never held as a document in memory.
#include <cstdint>
#include <ostream>
#include <string_view>
#include <vector>

namespace gf {

class JsonWriter {
 public:
  explicit JsonWriter(std::ostream& out) : out_(out) {}

  JsonWriter& BeginObject();
  JsonWriter& EndObject();
  JsonWriter& BeginArray();
  JsonWriter& EndArray();
  JsonWriter& Key(std::string_view k);
  JsonWriter& String(std::string_view s);
  JsonWriter& Int(int64_t v);
  JsonWriter& Uint(uint64_t v);
  JsonWriter& Double(double v);  // shortest text that reads back the same; null if not finite
  JsonWriter& Bool(bool v);
  JsonWriter& Null();
  // Convenience for "key": value members.
  template <typename T>
  JsonWriter& Field(std::string_view k, const T& v);

 private:
  void Separate();
  void Escaped(std::string_view s);

  std::ostream& out_;
  std::vector<bool> first_;  // per open container: no member written yet
  bool after_key_ = false;
};

template <typename T>
JsonWriter& JsonWriter::Field(std::string_view k, const T& v) {
  Key(k);
  if constexpr (std::is_same_v<T, bool>) return Bool(v);
  else if constexpr (std::is_floating_point_v<T>) return Double(v);
  else if constexpr (std::is_integral_v<T> && std::is_signed_v<T>) return Int(v);
  else if constexpr (std::is_integral_v<T>) return Uint(v);
  else return String(v);
}

}  // namespace gf
