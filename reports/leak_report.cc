#include "reports/leak_report.h"

#include "readers/hex.h"
#include "reports/byte_size.h"
#include "reports/goroutine_text_report.h"
#include "reports/json_writer.h"

namespace gf {
namespace {

uint64_t ProvenTotal(const LeakReport& r) {
  uint64_t n = 0;
  for (const auto& s : r.suspects) n += s.proven;
  return n;
}

void WriteVerdict(std::ostream& out, const LeakReport& r) {
  uint64_t proven = ProvenTotal(r);
  out << "# verdict: ";
  if (r.proof && r.proof->deadlock) out << "the whole program is deadlocked: every goroutine is blocked for good. ";
  out << proven << " goroutine" << (proven == 1 ? "" : "s") << " provably leaked";
  if (!r.proof) out << " (no proof: " << r.proof_unavailable << ")";
  out << "; " << r.suspects.size() << " suspect group" << (r.suspects.size() == 1 ? "" : "s") << ".\n";
}

void WriteSite(std::ostream& out, const char* label, const SourceSite& s) {
  out << "   " << label << " " << s.function << "  " << s.file << ":" << s.line << "\n";
}

void WriteSuspectText(std::ostream& out, size_t rank, const LeakSuspect& s, const LeakReport& r,
                      const TracebackFilter& frames) {
  out << "\n#" << rank << " " << s.pattern->name << " [" << s.status << "] ";
  if (s.proven == s.goroutines.size()) out << "PROVEN LEAKED";
  else if (s.proven > 0) out << "proven leaked: " << s.proven << " of " << s.goroutines.size();
  else out << "suspected (tier " << s.tier << ")";
  out << "   signature " << s.SignatureHex() << "\n";
  out << "   " << s.goroutines.size() << " goroutine" << (s.goroutines.size() == 1 ? "" : "s");
  if (s.max_wait_minutes) out << ", waiting up to " << *s.max_wait_minutes << " minutes";
  out << ", stacks " << HumanBytes(s.stack_bytes);
  if (s.retained_bytes) out << ", heap kept alive only by them " << HumanBytes(*s.retained_bytes);
  out << "\n";
  WriteSite(out, "blocked in", s.blocking_site);
  if (s.creation_site) WriteSite(out, "created by", *s.creation_site);
  for (const auto& o : s.proof)
    out << "   proof: waits on " << o.kind << " at " << Hex(o.address)
        << ", which no root and no goroutine that can run reaches\n";
  out << "   hint: " << s.pattern->hint << "\n   stack of goroutine " << r.goroutines.goroutines[s.goroutines.front()].id
      << ":\n";
  WriteGoroutineStack(out, r.goroutines.goroutines[s.goroutines.front()], frames);
}

}  // namespace

void WriteSiteJson(JsonWriter& w, std::string_view key, const SourceSite& s) {
  w.Key(key).BeginObject().Field("function", s.function).Field("file", s.file);
  w.Field("line", static_cast<int64_t>(s.line)).EndObject();
}

void WriteSuspectJson(JsonWriter& w, const LeakSuspect& s, const GoroutineSnapshot& goroutines) {
  w.BeginObject();
  w.Field("signature", s.SignatureHex()).Field("pattern", std::string_view(s.pattern->name));
  w.Field("status", s.status).Field("count", static_cast<uint64_t>(s.goroutines.size()));
  w.Field("proven_leaked", s.proven).Field("tier", static_cast<int64_t>(s.tier));
  w.Key("max_wait_minutes");
  if (s.max_wait_minutes) w.Int(*s.max_wait_minutes);
  else w.Null();
  w.Field("stack_bytes", s.stack_bytes);
  w.Key("retained_bytes");
  if (s.retained_bytes) w.Uint(*s.retained_bytes);
  else w.Null();
  WriteSiteJson(w, "blocking_site", s.blocking_site);
  if (s.creation_site) WriteSiteJson(w, "creation_site", *s.creation_site);
  else w.Key("creation_site").Null();
  w.Key("proof").BeginArray();
  for (const auto& o : s.proof) w.BeginObject().Field("address", Hex(o.address)).Field("kind", o.kind).EndObject();
  w.EndArray();
  w.Field("hint", std::string_view(s.pattern->hint));
  w.Key("goroutine_ids").BeginArray();
  for (size_t i : s.goroutines) w.Uint(goroutines.goroutines[i].id);
  w.EndArray();
  w.EndObject();
}

void WriteLeaksText(std::ostream& out, const LeakReport& r, const TracebackFilter& frames) {
  out << "# core " << r.info.core << "\n# executable " << r.info.executable << " (" << r.info.go_version << ")\n# "
      << r.goroutines.goroutines.size() << " goroutines\n";
  for (const auto& w : r.info.warnings) out << "# warning: " << w << "\n";
  WriteVerdict(out, r);
  for (size_t i = 0; i < r.suspects.size(); ++i) WriteSuspectText(out, i + 1, r.suspects[i], r, frames);
}

void WriteLeaksJson(std::ostream& out, const LeakReport& r) {
  JsonWriter w(out);
  w.BeginObject().Field("schema", std::string_view("goforensics.leaks/v1"));
  w.Field("core", r.info.core).Field("executable", r.info.executable).Field("go_version", r.info.go_version);
  w.Field("goroutines", static_cast<uint64_t>(r.goroutines.goroutines.size()));
  w.Field("proof_available", r.proof != nullptr);
  w.Key("proof_unavailable");
  if (r.proof) w.Null();
  else w.String(r.proof_unavailable);
  w.Field("proven_leaked", ProvenTotal(r)).Field("deadlock", r.proof && r.proof->deadlock);
  w.Key("warnings").BeginArray();
  for (const auto& s : r.info.warnings) w.String(s);
  w.EndArray();
  w.Key("suspects").BeginArray();
  for (const auto& s : r.suspects) WriteSuspectJson(w, s, r.goroutines);
  w.EndArray().EndObject();
  out << "\n";
}

}  // namespace gf
