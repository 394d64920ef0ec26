#include "readers/goroutine_profile.h"

#include <map>
#include <tuple>

#include "readers/decompress.h"
#include "readers/goroutine_text.h"
#include "readers/mapped_file.h"
#include "readers/read_error.h"

namespace gf {
namespace {

std::string_view FirstLine(std::string_view text) {
  size_t start = text.find_first_not_of("\r\n");
  if (start == std::string_view::npos) return {};
  text = text.substr(start);
  return text.substr(0, text.find('\n'));
}

// "goroutine profile: total 6" (or "goroutineleak profile: ...").
bool IsDebug1(std::string_view first) {
  size_t at = first.find(" profile: total ");
  return at != std::string_view::npos && at > 0 && first.substr(0, at).find(' ') == std::string_view::npos;
}

// "goroutine 21 [running]:"
bool IsDebug2(std::string_view first) {
  if (!first.starts_with("goroutine ")) return false;
  first.remove_prefix(10);
  size_t digits = first.find_first_not_of("0123456789");
  return digits > 0 && digits != std::string_view::npos && first.substr(digits).starts_with(" [");
}

// A protobuf message starts with a field tag, never with printable text
// followed by more of it; anything else is taken for a damaged proto.
bool LooksLikeText(std::string_view head) {
  if (head.empty()) return false;
  for (unsigned char c : head)
    if (c < 0x20 && c != '\n' && c != '\r' && c != '\t') return false;
  return true;
}

GoroutineProfile FromProto(std::string_view bytes, const std::string& source) {
  PprofProfile p = ParsePprofProfile(bytes, source);
  if (p.sample_types.empty() || !p.sample_types[0].first.starts_with("goroutine"))
    throw ReadError(source, "a pprof profile of " +
                                (p.sample_types.empty() ? std::string("nothing") : p.sample_types[0].first) +
                                ", not of goroutines");
  GoroutineProfile out{GoroutineProfileForm::kProto, 0, {}};
  for (auto& s : p.samples) {
    if (s.values[0] < 0) throw ReadError(source, "a sample counts " + std::to_string(s.values[0]) + " goroutines");
    ProfileGoroutineGroup g;
    g.count = static_cast<uint64_t>(s.values[0]);
    g.stack = std::move(s.stack);
    g.labels = std::move(s.labels);
    out.total += g.count;
    out.groups.push_back(std::move(g));
  }
  return out;
}

GoroutineProfile FromDebug1(std::string_view text, const std::string& source) {
  TextProfile p = ParseGoroutineProfileDebug1(text, source);
  GoroutineProfile out{GoroutineProfileForm::kDebug1, p.total, {}};
  for (auto& tg : p.groups) {
    ProfileGoroutineGroup g;
    g.count = tg.count;
    for (auto& f : tg.frames) g.stack.push_back({std::move(f.function), std::move(f.file), f.line, f.pc});
    g.labels = ParseLabelText(tg.labels);
    out.groups.push_back(std::move(g));
  }
  return out;
}

// debug=2 lists every goroutine; those alike in everything the text shows
// (status, stack, creator, labels) are one group, as the other forms have.
GoroutineProfile FromDebug2(std::string_view text, const std::string& source) {
  auto goroutines = BestBlockPerGoroutine(ParseGoroutineText(text, source));
  if (goroutines.empty()) throw ReadError(source, "no goroutine in the debug=2 profile");
  using Frame = std::tuple<std::string, std::string, int>;
  using Key = std::tuple<std::string, std::vector<Frame>, std::optional<Frame>, std::string>;
  std::map<Key, size_t> index;
  GoroutineProfile out{GoroutineProfileForm::kDebug2, goroutines.size(), {}};
  for (auto& tg : goroutines) {
    Key key{tg.status, {}, std::nullopt, tg.labels};
    for (const auto& f : tg.frames) std::get<1>(key).emplace_back(f.function, f.file, f.line);
    if (tg.created_by) std::get<2>(key) = Frame{tg.created_by->function, tg.created_by->file, tg.created_by->line};
    auto [it, inserted] = index.emplace(std::move(key), out.groups.size());
    if (inserted) {
      ProfileGoroutineGroup g;
      g.status = tg.status;
      for (auto& f : tg.frames) g.stack.push_back({std::move(f.function), std::move(f.file), f.line, 0});
      if (tg.created_by) g.created_by = PprofFrame{tg.created_by->function, tg.created_by->file, tg.created_by->line, 0};
      g.labels = ParseLabelText(tg.labels);
      out.groups.push_back(std::move(g));
    }
    ProfileGoroutineGroup& g = out.groups[it->second];
    ++g.count;
    g.goroutine_ids.push_back(tg.id);
    if (tg.wait_minutes > 0) g.max_wait_minutes = std::max(g.max_wait_minutes.value_or(0), tg.wait_minutes);
  }
  return out;
}

// A Go-quoted string ("a\"b") at the start of text; false if there is none.
bool TakeQuoted(std::string_view& text, std::string& out) {
  if (!text.starts_with('"')) return false;
  out.clear();
  for (size_t i = 1; i < text.size(); ++i) {
    char c = text[i];
    if (c == '"') {
      text.remove_prefix(i + 1);
      return true;
    }
    if (c == '\\' && i + 1 < text.size()) {
      char e = text[++i];
      out += e == 'n' ? '\n' : e == 't' ? '\t' : e;
    } else {
      out += c;
    }
  }
  return false;
}

}  // namespace

const char* FormName(GoroutineProfileForm form) {
  switch (form) {
    case GoroutineProfileForm::kProto: return "proto";
    case GoroutineProfileForm::kDebug1: return "debug=1";
    case GoroutineProfileForm::kDebug2: return "debug=2";
  }
  return "?";
}

std::vector<std::pair<std::string, std::string>> ParseLabelText(std::string_view text) {
  std::vector<std::pair<std::string, std::string>> labels;
  std::string_view rest = text;
  while (!rest.empty()) {
    std::string key, value;
    bool ok = TakeQuoted(rest, key) && rest.starts_with(':');
    if (ok) {
      rest.remove_prefix(1);
      if (rest.starts_with(' ')) rest.remove_prefix(1);
      ok = TakeQuoted(rest, value) && (rest.empty() || rest.starts_with(", "));
    }
    if (!ok) return {{"labels", std::string(text)}};
    labels.emplace_back(std::move(key), std::move(value));
    if (!rest.empty()) rest.remove_prefix(2);
  }
  return labels;
}

GoroutineProfile ParseGoroutineProfile(std::string_view bytes, const std::string& source) {
  auto head = std::span(reinterpret_cast<const uint8_t*>(bytes.data()), std::min<size_t>(bytes.size(), 4));
  if (CompressionOf(head) != Compression::kNone) return FromProto(bytes, source);
  std::string_view first = FirstLine(bytes.substr(0, 4096));
  if (IsDebug1(first)) return FromDebug1(bytes, source);
  if (IsDebug2(first)) return FromDebug2(bytes, source);
  if (LooksLikeText(bytes.substr(0, 512)))
    throw ReadError(source, "not a goroutine profile: text, but neither ?debug=1 nor ?debug=2 output");
  return FromProto(bytes, source);
}

GoroutineProfile ReadGoroutineProfile(const std::string& path) {
  MappedFile file(path);
  auto b = file.bytes();
  return ParseGoroutineProfile(std::string_view(reinterpret_cast<const char*>(b.data()), b.size()), path);
}

}  // namespace gf
