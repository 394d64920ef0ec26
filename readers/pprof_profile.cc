#include "readers/pprof_profile.h"

#include <climits>
#include <unordered_map>

#include "proto/profile.pb.h"
#include "readers/decompress.h"
#include "readers/mapped_file.h"
#include "readers/read_error.h"

namespace gf {
namespace {

namespace pb = perftools::profiles;

// Expanding inlined lines multiplies what samples refer to; a crafted
// profile could make a few MB expand to many GB. Real profiles stay far
// below this.
constexpr size_t kMaxFrames = size_t{1} << 26;

std::string Decompressed(std::string_view bytes, Compression c, const std::string& source) {
  std::string out;
  auto in = std::span(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
  Decompress(source, in, c, [&](std::span<const uint8_t> chunk) {
    if (out.size() + chunk.size() > kMaxProfileBytes)
      throw ReadError(source, "decompresses to more than " + std::to_string(kMaxProfileBytes >> 20) +
                                  " MiB: not a profile this tool reads");
    out.append(reinterpret_cast<const char*>(chunk.data()), chunk.size());
    return true;
  });
  return out;
}

// Resolves the profile's ids and string indices, checking each one: a
// profile cut at a message boundary still parses, and only its dangling
// references tell.
class Resolver {
 public:
  Resolver(const pb::Profile& p, const std::string& source) : p_(p), source_(source) {
    for (int i = 0; i < p.function_size(); ++i) Index(functions_, p.function(i).id(), i, "function");
    for (int i = 0; i < p.location_size(); ++i) Index(locations_, p.location(i).id(), i, "location");
  }

  PprofProfile Run() {
    PprofProfile out;
    for (const auto& vt : p_.sample_type()) out.sample_types.push_back(Type(vt));
    if (p_.has_period_type()) out.period_type = Type(p_.period_type());
    out.period = p_.period();
    out.time_nanos = p_.time_nanos();
    for (int64_t c : p_.comment()) out.comments.push_back(String(c));
    out.samples.reserve(p_.sample_size());
    for (const auto& s : p_.sample()) out.samples.push_back(Sample(s, out.sample_types.size()));
    return out;
  }

 private:
  [[noreturn]] void Fail(const std::string& problem) const { throw ReadError(source_, problem); }

  void Index(std::unordered_map<uint64_t, int>& index, uint64_t id, int i, const char* what) {
    if (id == 0) Fail(std::string(what) + " with id 0: not a valid pprof profile");
    if (!index.emplace(id, i).second) Fail(std::string("two ") + what + "s with id " + std::to_string(id));
  }

  const std::string& String(int64_t i) const {
    if (i < 0 || i >= p_.string_table_size())
      Fail("string index " + std::to_string(i) + " outside the string table of " +
           std::to_string(p_.string_table_size()) + ": the profile is corrupt or truncated");
    return p_.string_table(static_cast<int>(i));
  }

  PprofValueType Type(const pb::ValueType& vt) const { return {String(vt.type()), String(vt.unit())}; }

  PprofSample Sample(const pb::Sample& s, size_t types) {
    if (static_cast<size_t>(s.value_size()) != types)
      Fail("a sample has " + std::to_string(s.value_size()) + " values for " + std::to_string(types) +
           " sample types");
    PprofSample out;
    out.values.assign(s.value().begin(), s.value().end());
    for (uint64_t id : s.location_id()) AddLocation(out.stack, id);
    for (const auto& l : s.label()) {
      if (l.str() != 0) out.labels.emplace_back(String(l.key()), String(l.str()));
      else out.num_labels.emplace_back(String(l.key()), l.num());
    }
    return out;
  }

  void AddLocation(std::vector<PprofFrame>& stack, uint64_t id) {
    auto it = locations_.find(id);
    if (it == locations_.end()) Fail("a sample refers to location " + std::to_string(id) + ", which is not in the profile");
    const pb::Location& loc = p_.location(it->second);
    frames_ += std::max(loc.line_size(), 1);
    if (frames_ > kMaxFrames) Fail("samples hold more than " + std::to_string(kMaxFrames) + " frames");
    if (loc.line_size() == 0) {
      stack.push_back({"", "", 0, loc.address()});  // an address no one symbolized
      return;
    }
    for (int i = 0; i < loc.line_size(); ++i) {
      const pb::Line& line = loc.line(i);
      auto fn = functions_.find(line.function_id());
      if (fn == functions_.end())
        Fail("location " + std::to_string(id) + " refers to function " + std::to_string(line.function_id()) +
             ", which is not in the profile");
      const pb::Function& f = p_.function(fn->second);
      stack.push_back({String(f.name()), String(f.filename()), line.line(), loc.address(), i + 1 < loc.line_size()});
    }
  }

  const pb::Profile& p_;
  const std::string& source_;
  std::unordered_map<uint64_t, int> functions_, locations_;
  size_t frames_ = 0;
};

}  // namespace

PprofProfile ParsePprofProfile(std::string_view bytes, const std::string& source) {
  auto head = std::span(reinterpret_cast<const uint8_t*>(bytes.data()), std::min<size_t>(bytes.size(), 4));
  if (Compression c = CompressionOf(head); c != Compression::kNone) {
    std::string plain = Decompressed(bytes, c, source);
    return ParsePprofProfile(plain, source);
  }
  if (bytes.empty()) throw ReadError(source, "empty file: not a pprof profile");
  if (bytes.size() > kMaxProfileBytes)
    throw ReadError(source, "larger than " + std::to_string(kMaxProfileBytes >> 20) + " MiB: not a profile this tool reads");
  pb::Profile p;
  if (!p.ParseFromArray(bytes.data(), static_cast<int>(bytes.size())))
    throw ReadError(source, "not a pprof profile: the protobuf data is corrupt or truncated");
  if (p.string_table_size() == 0 || !p.string_table(0).empty())
    throw ReadError(source, "not a pprof profile: its string table does not start with \"\"");
  return Resolver(p, source).Run();
}

PprofProfile ReadPprofProfile(const std::string& path) {
  MappedFile file(path);
  auto b = file.bytes();
  return ParsePprofProfile(std::string_view(reinterpret_cast<const char*>(b.data()), b.size()), path);
}

}  // namespace gf
