// Each leak suspect: its pattern class, how sure we are (proven or a tier),
// the evidence (count, wait, stacks, heap only it keeps alive, the proof) and
// the fix hint, with one goroutine's stack.
#include <sstream>

#include "readers/hex.h"
#include "reports/byte_size.h"
#include "reports/goroutine_text_report.h"
#include "reports/html_sections.h"

namespace gf {
namespace {

const char* TierMeaning(int tier) {
  switch (tier) {
    case 1: return "suspected: only globals or runtime memory could wake them, or they wait on I/O";
    case 2: return "suspected: a goroutine that can still run holds what they wait on";
    default: return "unlikely: sleeping or waiting on a timer";
  }
}

void WriteCertainty(HtmlWriter& w, const LeakSuspect& s) {
  if (s.proven == s.goroutines.size()) w.Element("span", "PROVEN LEAKED", {{"class", "badge bad"}});
  else if (s.proven > 0)
    w.Element("span", "proven leaked: " + std::to_string(s.proven) + " of " + std::to_string(s.goroutines.size()),
              {{"class", "badge bad"}});
  else w.Element("span", TierMeaning(s.tier), {{"class", "badge warn"}});
}

void Term(HtmlWriter& w, Markup term, std::string_view value) { w.Element("dt", term.view()).Element("dd", value); }

void WriteEvidence(HtmlWriter& w, const LeakSuspect& s) {
  w.Open("dl");
  Term(w, "goroutines", std::to_string(s.goroutines.size()));
  Term(w, "longest wait", s.max_wait_minutes ? std::to_string(*s.max_wait_minutes) + " minutes" : "under a minute");
  Term(w, "stacks", HumanBytes(s.stack_bytes));
  Term(w, "heap kept alive only by them",
       s.retained_bytes ? HumanBytes(*s.retained_bytes) : (s.proven ? "not measured" : "none charged: not proven"));
  w.Element("dt", "blocked in").Open("dd");
  WriteSourceSite(w, s.blocking_site);
  w.Close("dd").Element("dt", "created by").Open("dd");
  if (s.creation_site) WriteSourceSite(w, *s.creation_site);
  else w.Text("(unknown)");
  w.Close("dd");
  if (!s.proof.empty()) {
    w.Element("dt", "proof").Open("dd").Open("ul");
    for (const auto& o : s.proof)
      w.Element("li", "waits on " + o.kind + " at " + Hex(o.address) +
                          ", which no root and no goroutine that can run reaches");
    w.Close("ul").Close("dd");
  }
  Term(w, "hint", s.pattern->hint);
  Term(w, "signature", s.SignatureHex());
  w.Close("dl");
}

void WriteSuspect(HtmlWriter& w, const ReportData& d, size_t rank, const LeakSuspect& s) {
  w.Open("article", {{"class", s.proven ? "suspect filterable proven" : "suspect filterable"},
                     {"id", "suspect-" + std::to_string(rank)}});
  w.Open("h3").Text("#" + std::to_string(rank) + " " + s.pattern->name + " [" + s.status + "] ");
  WriteCertainty(w, s);
  w.Close("h3");
  WriteEvidence(w, s);
  const Goroutine& g = d.leaks.goroutines.goroutines[s.goroutines.front()];
  std::ostringstream stack;
  WriteGoroutineStack(stack, g, d.frames);
  w.Open("details").Element("summary", "stack of goroutine " + std::to_string(g.id)).Element("pre", stack.str());
  w.Close("details").Close("article").Raw("\n");
}

}  // namespace

void WriteSuspectsSection(HtmlWriter& w, const ReportData& d) {
  const auto& all = d.leaks.suspects;
  if (all.empty()) {
    w.Element("p", "No leak suspects.");
    return;
  }
  w.Element("p", std::to_string(all.size()) + " suspect groups, most severe first: goroutines folded by where they "
                                              "block and where they were created.");
  auto shown = d.shown_suspects();
  for (size_t i = 0; i < shown.size(); ++i) WriteSuspect(w, d, i + 1, shown[i]);
  if (shown.size() < all.size())
    w.Element("p", std::to_string(all.size() - shown.size()) + " less severe suspects not shown; `goforensics leaks` "
                                                               "lists all.",
              {{"class", "more"}});
}

}  // namespace gf
