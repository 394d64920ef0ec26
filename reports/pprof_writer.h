#pragma once
// Writes pprof profiles (gzipped perftools.profiles.Profile) that
// `go tool pprof` and every pprof viewer open. Strings, functions and
// locations are interned, so a profile of 100k samples over a few stacks
// stays small.
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "readers/pprof_profile.h"

namespace perftools::profiles {
class Profile;
}

namespace gf {

class PprofWriter {
 public:
  // The meaning of each sample value, e.g. {{"objects","count"},{"space","bytes"}}.
  explicit PprofWriter(std::vector<std::pair<std::string, std::string>> sample_types);
  // Makes PprofWriter w({{"goroutine", "count"}}) unambiguous (a one-element
  // braced list could otherwise also be read as a copy of a PprofWriter).
  explicit PprofWriter(std::initializer_list<std::pair<std::string, std::string>> sample_types)
      : PprofWriter(std::vector<std::pair<std::string, std::string>>(sample_types)) {}
  ~PprofWriter();
  PprofWriter(PprofWriter&&) noexcept;
  PprofWriter& operator=(PprofWriter&&) noexcept;

  // stack: leaf first. A frame marked inlined is one location with the
  // frames after it, up to the first one not marked (the physical
  // function). values: one per sample type.
  void AddSample(const std::vector<PprofFrame>& stack, const std::vector<int64_t>& values,
                 const std::vector<std::pair<std::string, std::string>>& labels = {});
  void AddComment(const std::string& comment);
  // The time the profile describes, nanoseconds since the Unix epoch.
  void SetTime(int64_t time_nanos);
  // The executable the addresses belong to (pprof names it in its header
  // and otherwise warns that it has none). Call before AddSample.
  void SetBinary(const std::string& path, const std::string& build_id);

  // Throws gf::ReadError naming the path when it cannot be written.
  void WriteGzip(const std::string& path) const;
  // The serialized profile, not compressed.
  std::string Serialize() const;

 private:
  class Tables;
  std::unique_ptr<perftools::profiles::Profile> profile_;
  std::unique_ptr<Tables> tables_;
  size_t sample_types_ = 0;
};

}  // namespace gf
