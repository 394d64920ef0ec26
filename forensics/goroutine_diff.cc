#include "forensics/goroutine_diff.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "forensics/group_signature.h"
#include "forensics/leak_patterns.h"

namespace gf {
namespace {

SourceSite SiteOf(const StackLine& l) { return {std::string(l.function), std::string(l.file), l.line}; }

std::vector<SourceSite> SitesOf(const std::vector<StackLine>& lines) {
  std::vector<SourceSite> out;
  out.reserve(lines.size());
  for (const auto& l : lines) out.push_back(SiteOf(l));
  return out;
}

std::vector<StackLine> LinesOf(const std::vector<PprofFrame>& stack) {
  std::vector<StackLine> lines;
  lines.reserve(stack.size());
  for (const auto& f : stack) lines.push_back({f.function, f.file, static_cast<int>(f.line)});
  return lines;
}

// A goroutine whose stack could not be read still counts, under this site.
const SourceSite kNoStack{"(stack unavailable)", "", 0};

using Key = std::tuple<std::string, SourceSite, std::optional<SourceSite>>;

// Folds site counts on the fields compared.
struct Folded {
  uint64_t count = 0;
  const SiteCount* example = nullptr;
};

std::map<Key, Folded> Fold(const GoroutineSites& sites, bool status, bool creation) {
  std::map<Key, Folded> out;
  for (const auto& g : sites.groups) {
    Key key{status ? g.status : std::string(), g.blocking_site,
            creation ? g.creation_site : std::optional<SourceSite>()};
    Folded& f = out[key];
    f.count += g.count;
    if (!f.example) f.example = &g;
  }
  return out;
}

Change KindOf(uint64_t old_count, uint64_t new_count) {
  if (old_count == 0) return Change::kAppeared;
  if (new_count == 0) return Change::kDisappeared;
  return new_count > old_count ? Change::kGrew : Change::kShrank;
}

bool Before(const GroupChange& a, const GroupChange& b) {
  bool a_up = a.growth() > 0, b_up = b.growth() > 0;
  if (a_up != b_up) return a_up;
  int64_t ma = a_up ? a.growth() : -a.growth(), mb = b_up ? b.growth() : -b.growth();
  if (ma != mb) return ma > mb;
  return a.signature < b.signature;
}

}  // namespace

GoroutineSites SitesOfCore(const GoroutineSnapshot& snap) {
  GoroutineSites out{"core", true, true, 0, {}};
  std::string_view goroot = SnapshotGoroot(snap);
  std::map<Key, size_t> index;
  for (const auto& g : snap.goroutines) {
    if (g.system) continue;
    ++out.total;
    Key key{g.status, BlockingSiteOf(g, goroot).value_or(kNoStack), CreationSiteOf(g)};
    auto [it, inserted] = index.emplace(key, out.groups.size());
    if (inserted) {
      out.groups.push_back({g.status, std::get<1>(key), std::get<2>(key), 0, SitesOf(StackLinesOf(g))});
    }
    ++out.groups[it->second].count;
  }
  return out;
}

GoroutineSites SitesOfProfile(const GoroutineProfile& profile) {
  GoroutineSites out{FormName(profile.form), profile.has_status(), profile.has_creation_site(), profile.total, {}};
  std::string_view goroot;
  for (const auto& g : profile.groups) {
    auto lines = LinesOf(g.stack);
    if (goroot = GorootOf(lines); !goroot.empty()) break;
  }
  for (const auto& g : profile.groups) {
    auto lines = LinesOf(g.stack);
    SiteCount s;
    s.status = g.status;
    s.blocking_site = lines.empty() ? kNoStack : SiteOf(lines[BlockingFrame(lines, goroot)]);
    if (g.created_by) s.creation_site = SourceSite{g.created_by->function, g.created_by->file, static_cast<int>(g.created_by->line)};
    s.count = g.count;
    s.stack = SitesOf(lines);
    out.groups.push_back(std::move(s));
  }
  return out;
}

std::optional<double> GroupChange::growth_percent() const {
  if (old_count == 0) return std::nullopt;
  return 100.0 * static_cast<double>(growth()) / static_cast<double>(old_count);
}

GoroutineDiff DiffGoroutines(const GoroutineSites& old_sites, const GoroutineSites& new_sites,
                             const DiffOptions& options) {
  GoroutineDiff diff;
  diff.compared_status = old_sites.has_status && new_sites.has_status;
  diff.compared_creation_site = old_sites.has_creation_site && new_sites.has_creation_site;
  diff.old_total = old_sites.total;
  diff.new_total = new_sites.total;
  auto old_groups = Fold(old_sites, diff.compared_status, diff.compared_creation_site);
  auto new_groups = Fold(new_sites, diff.compared_status, diff.compared_creation_site);
  std::map<Key, std::pair<const Folded*, const Folded*>> both;
  for (const auto& [key, f] : old_groups) both[key].first = &f;
  for (const auto& [key, f] : new_groups) both[key].second = &f;
  for (const auto& [key, sides] : both) {
    uint64_t old_count = sides.first ? sides.first->count : 0;
    uint64_t new_count = sides.second ? sides.second->count : 0;
    uint64_t change = new_count > old_count ? new_count - old_count : old_count - new_count;
    if (change == 0) ++diff.unchanged_groups;
    if (change == 0 || change < options.min_growth) continue;
    const SiteCount& example = sides.second ? *sides.second->example : *sides.first->example;
    GroupChange c{KindOf(old_count, new_count), std::get<0>(key), std::get<1>(key), std::get<2>(key),
                  example.stack, old_count, new_count, 0};
    c.signature = GroupSignature(c.status, c.blocking_site, c.creation_site);
    diff.changes.push_back(std::move(c));
  }
  std::sort(diff.changes.begin(), diff.changes.end(), Before);
  return diff;
}

}  // namespace gf
