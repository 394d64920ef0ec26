#include "reports/diff_report.h"

#include <cstdio>

#include "forensics/group_signature.h"
#include "reports/json_writer.h"
#include "reports/leak_report.h"

namespace gf {

const char* ChangeName(Change c) {
  switch (c) {
    case Change::kGrew: return "grew";
    case Change::kAppeared: return "appeared";
    case Change::kShrank: return "shrank";
    case Change::kDisappeared: return "disappeared";
  }
  return "?";
}

std::string MatchedBy(const GoroutineDiff& d) {
  std::string by = d.compared_status ? "status, blocking site" : "blocking site";
  if (d.compared_creation_site) by += " and creation site";
  return by;
}

namespace {

void WriteInputText(std::ostream& out, const char* which, const DiffInput& in) {
  out << "# " << which << " " << in.path << " (" << in.sites.form << ", " << in.sites.total << " goroutines)\n";
}

std::string Percent(const GroupChange& c) {
  auto p = c.growth_percent();
  if (!p) return "new";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%+.0f%%", *p);
  return buf;
}

void WriteChangeText(std::ostream& out, const GroupChange& c) {
  out << "\n" << (c.growth() > 0 ? "+" : "") << c.growth() << " (" << Percent(c) << ")  " << c.old_count << " -> "
      << c.new_count << "  " << ChangeName(c.change) << "  signature " << SignatureHex(c.signature) << "\n";
  out << "    " << (c.status.empty() ? "" : "[" + c.status + "] ") << c.blocking_site.function << "\n        "
      << c.blocking_site.file << ":" << c.blocking_site.line << "\n";
  if (c.creation_site)
    out << "    created by " << c.creation_site->function << "\n        " << c.creation_site->file << ":"
        << c.creation_site->line << "\n";
}

void WriteInputJson(JsonWriter& w, const char* key, const DiffInput& in) {
  w.Key(key).BeginObject().Field("path", in.path).Field("form", in.sites.form);
  w.Field("goroutines", in.sites.total).EndObject();
}

}  // namespace

void WriteChangeJson(JsonWriter& w, const GroupChange& c) {
  w.BeginObject().Field("change", std::string_view(ChangeName(c.change)));
  w.Field("signature", SignatureHex(c.signature));
  w.Key("status");
  if (c.status.empty()) w.Null();
  else w.String(c.status);
  WriteSiteJson(w, "blocking_site", c.blocking_site);
  if (c.creation_site) WriteSiteJson(w, "creation_site", *c.creation_site);
  else w.Key("creation_site").Null();
  w.Field("old_count", c.old_count).Field("new_count", c.new_count).Field("growth", c.growth());
  w.Key("growth_percent");
  if (auto p = c.growth_percent()) w.Int(static_cast<int64_t>(*p));
  else w.Null();
  w.Key("stack").BeginArray();
  for (const auto& s : c.stack) {
    w.BeginObject().Field("function", s.function).Field("file", s.file);
    w.Field("line", static_cast<int64_t>(s.line)).EndObject();
  }
  w.EndArray().EndObject();
}

void WriteDiffText(std::ostream& out, const DiffReport& r) {
  WriteInputText(out, "old", r.old_input);
  WriteInputText(out, "new", r.new_input);
  const GoroutineDiff& d = r.diff;
  out << "# groups matched by " << MatchedBy(d) << "\n# " << d.changes.size() << " groups changed, "
      << d.unchanged_groups << " unchanged; goroutines " << d.old_total << " -> " << d.new_total << "\n";
  for (const auto& c : d.changes) WriteChangeText(out, c);
}

void WriteDiffJson(std::ostream& out, const DiffReport& r) {
  JsonWriter w(out);
  const GoroutineDiff& d = r.diff;
  w.BeginObject().Field("schema", std::string_view("goforensics.diff/v1"));
  WriteInputJson(w, "old", r.old_input);
  WriteInputJson(w, "new", r.new_input);
  w.Key("matched_by").BeginObject().Field("status", d.compared_status);
  w.Field("creation_site", d.compared_creation_site).EndObject();
  w.Field("unchanged_groups", static_cast<uint64_t>(d.unchanged_groups));
  w.Key("changes").BeginArray();
  for (const auto& c : d.changes) WriteChangeJson(w, c);
  w.EndArray().EndObject();
  out << "\n";
}

}  // namespace gf
