#include "reports/pprof_writer.h"

#include <zlib.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <tuple>
#include <unordered_map>

#include "proto/profile.pb.h"
#include "readers/read_error.h"

namespace gf {

namespace pb = perftools::profiles;

// The id tables of the profile being built: each string, function and
// location is added to the profile once and referred to by index or id.
class PprofWriter::Tables {
 public:
  explicit Tables(pb::Profile& p) : p_(p) { String(""); }  // string_table[0] is always ""

  int64_t String(const std::string& s) {
    auto [it, inserted] = strings_.emplace(s, static_cast<int64_t>(strings_.size()));
    if (inserted) p_.add_string_table(s);
    return it->second;
  }

  uint64_t Function(const PprofFrame& f) {
    auto key = std::make_pair(f.function, f.file);
    auto [it, inserted] = functions_.emplace(key, functions_.size() + 1);
    if (inserted) {
      pb::Function* fn = p_.add_function();
      fn->set_id(it->second);
      fn->set_name(String(f.function));
      fn->set_system_name(fn->name());
      fn->set_filename(String(f.file));
    }
    return it->second;
  }

  // frames: one location's lines, callee first.
  uint64_t Location(const PprofFrame* frames, size_t n) {
    LocationKey key{frames[0].address, {}};
    for (size_t i = 0; i < n; ++i) key.lines.emplace_back(Function(frames[i]), frames[i].line);
    auto [it, inserted] = locations_.emplace(std::move(key), locations_.size() + 1);
    if (inserted) {
      pb::Location* loc = p_.add_location();
      loc->set_id(it->second);
      loc->set_address(frames[0].address);
      loc->set_mapping_id(p_.mapping_size() > 0 ? 1 : 0);
      for (const auto& [function, line] : it->first.lines) {
        pb::Line* l = loc->add_line();
        l->set_function_id(function);
        l->set_line(line);
      }
    }
    return it->second;
  }

 private:
  struct LocationKey {
    uint64_t address;
    std::vector<std::pair<uint64_t, int64_t>> lines;  // function id, line
    bool operator<(const LocationKey& o) const { return std::tie(address, lines) < std::tie(o.address, o.lines); }
  };

  pb::Profile& p_;
  std::unordered_map<std::string, int64_t> strings_;
  std::map<std::pair<std::string, std::string>, uint64_t> functions_;
  std::map<LocationKey, uint64_t> locations_;
};

PprofWriter::PprofWriter(std::vector<std::pair<std::string, std::string>> sample_types)
    : profile_(std::make_unique<pb::Profile>()),
      tables_(std::make_unique<Tables>(*profile_)),
      sample_types_(sample_types.size()) {
  for (const auto& [type, unit] : sample_types) {
    pb::ValueType* vt = profile_->add_sample_type();
    vt->set_type(tables_->String(type));
    vt->set_unit(tables_->String(unit));
  }
  if (!sample_types.empty()) {
    // pprof shows the period type in its header; the first type is the one read.
    profile_->mutable_period_type()->CopyFrom(profile_->sample_type(0));
    profile_->set_period(1);
  }
}

PprofWriter::~PprofWriter() = default;
PprofWriter::PprofWriter(PprofWriter&&) noexcept = default;
PprofWriter& PprofWriter::operator=(PprofWriter&&) noexcept = default;

void PprofWriter::AddSample(const std::vector<PprofFrame>& stack, const std::vector<int64_t>& values,
                            const std::vector<std::pair<std::string, std::string>>& labels) {
  if (values.size() != sample_types_)
    throw std::invalid_argument("pprof sample with " + std::to_string(values.size()) + " values for " +
                                std::to_string(sample_types_) + " sample types");
  pb::Sample* s = profile_->add_sample();
  for (size_t i = 0; i < stack.size();) {
    size_t n = 1;
    while (stack[i + n - 1].inlined && i + n < stack.size()) ++n;
    s->add_location_id(tables_->Location(&stack[i], n));
    i += n;
  }
  for (int64_t v : values) s->add_value(v);
  for (const auto& [key, value] : labels) {
    pb::Label* l = s->add_label();
    l->set_key(tables_->String(key));
    l->set_str(tables_->String(value));
  }
}

void PprofWriter::AddComment(const std::string& comment) { profile_->add_comment(tables_->String(comment)); }

void PprofWriter::SetTime(int64_t time_nanos) { profile_->set_time_nanos(time_nanos); }

void PprofWriter::SetBinary(const std::string& path, const std::string& build_id) {
  pb::Mapping* m = profile_->mutable_mapping()->empty() ? profile_->add_mapping() : profile_->mutable_mapping(0);
  m->set_id(1);
  m->set_memory_limit(UINT64_MAX);
  m->set_filename(tables_->String(path));
  m->set_build_id(tables_->String(build_id));
  // The locations carry their functions and lines: nothing for pprof to symbolize.
  m->set_has_functions(true);
  m->set_has_filenames(true);
  m->set_has_line_numbers(true);
  m->set_has_inline_frames(true);
}

std::string PprofWriter::Serialize() const { return profile_->SerializeAsString(); }

namespace {

std::string Gzip(const std::string& data) {
  z_stream z{};
  // 15 window bits + 16: a gzip header and trailer, as pprof profiles have.
  if (deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    throw std::bad_alloc();
  std::string out(deflateBound(&z, data.size()), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  if (rc != Z_STREAM_END) throw std::runtime_error("gzip compression failed");
  return out;
}

}  // namespace

void PprofWriter::WriteGzip(const std::string& path) const {
  std::string gz = Gzip(Serialize());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) throw ReadError(path, std::string("cannot create: ") + std::strerror(errno));
  out.write(gz.data(), static_cast<std::streamsize>(gz.size()));
  out.close();
  if (!out) throw ReadError(path, std::string("cannot write: ") + std::strerror(errno));
}

}  // namespace gf
