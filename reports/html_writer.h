#pragma once
// Writes HTML so that nothing read from a core, a trace or a file name can
// become markup: markup comes only from string literals (Markup cannot be
// built from a runtime string), and every other string is escaped as text
// or attribute value. Function names, file paths, type names with struct
// tags and goroutine statuses are all data.
#include <initializer_list>
#include <ostream>
#include <string>
#include <string_view>

namespace gf {

class Markup {
 public:
  template <size_t N>
  consteval Markup(const char (&literal)[N]) : text_(literal, N - 1) {}
  std::string_view view() const { return text_; }

 private:
  std::string_view text_;
};

struct HtmlAttr {
  Markup name;
  std::string value;  // escaped when written
};

// "&", "<", ">", quotes become entities; control characters other than tab
// and newline become U+FFFD. Safe in text and in quoted attribute values.
std::string EscapeHtml(std::string_view text);

class HtmlWriter {
 public:
  explicit HtmlWriter(std::ostream& out) : out_(out) {}

  HtmlWriter& Raw(Markup m);
  HtmlWriter& Text(std::string_view text);
  HtmlWriter& Open(Markup tag, std::initializer_list<HtmlAttr> attrs = {});
  HtmlWriter& Close(Markup tag);
  // <tag attrs>text</tag>
  HtmlWriter& Element(Markup tag, std::string_view text, std::initializer_list<HtmlAttr> attrs = {});

 private:
  std::ostream& out_;
};

}  // namespace gf
