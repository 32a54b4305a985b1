# pubstatus: packed from article.json and ninjs, shown by show (text and json), marked by list
# (text and --json) and the HTML export, extracted back; a value outside the enumeration refused.
source "$(dirname "$0")/lib.sh"

# article DIR ID HEADLINE DAY [PUBSTATUS]: an article folder, article.json in extract's form.
article() {
  mkdir -p "$1"
  local status=""
  [ -n "${5:-}" ] && status=$(printf ',\n  "pubstatus": "%s"' "$5")
  printf '{\n  "uri": "%s",\n  "headline": "%s",\n  "firstcreated": "2024-05-0%s"%s\n}\n' \
    "$2" "$3" "$4" "$status" >"$1/article.json"
}
article in/a urn:t:a "Ferry timetable changes" 1 withheld
article in/b urn:t:b "Harbour reopens" 2 usable
article in/c urn:t:c "Storm warning lifted" 3 canceled
article in/d urn:t:d "Festival opens" 4

expect 0 "$NEWSARC" pack in -o s.newsarc --quiet
expect 0 "$NEWSARC" verify s.newsarc
contains out "ok    record: every record: 4 records decode and match their index entries"

expect 0 "$NEWSARC" show s.newsarc urn:t:a
contains out "Status: withheld"
expect 0 "$NEWSARC" show s.newsarc urn:t:d
lacks out "Status:"
expect 0 "$NEWSARC" show s.newsarc urn:t:a --format json
contains out '  "pubstatus": "withheld"'
expect 0 "$NEWSARC" show s.newsarc urn:t:d --format json
lacks out "pubstatus"
expect 0 "$NEWSARC" show s.newsarc urn:t:c --format ninjs
contains out '  "pubstatus": "canceled",'

expect 0 "$NEWSARC" list s.newsarc
contains out "[withheld] Ferry timetable changes"
contains out "[canceled] Storm warning lifted"
lacks out "[usable]"
contains out "  Harbour reopens"
expect 0 "$NEWSARC" list s.newsarc --json
contains out '{"id":"urn:t:a","headline":"Ferry timetable changes","firstcreated":"2024-05-01","pubstatus":"withheld",'
contains out '"id":"urn:t:b","headline":"Harbour reopens","firstcreated":"2024-05-02","pubstatus":"usable",'
if grep -F '"id":"urn:t:d"' "$OUTPUT/out" | grep -qF pubstatus; then
  fail "list --json gives an article without pubstatus one"
else
  pass
fi

# Back out as article folders (the same article.json) and as HTML (a notice for withheld).
expect 0 "$NEWSARC" extract s.newsarc -o out --quiet
same in/a/article.json out/urn_t_a/article.json
expect 0 "$NEWSARC" extract s.newsarc -o site --format html --quiet
if grep -qF '<p class="pubstatus" role="note"><strong>Withheld</strong>' site/articles/urn_t_a/index.html; then pass; else fail "no withheld notice in the HTML page"; fi
if grep -qF 'class="pubstatus"' site/articles/urn_t_d/index.html; then fail "a notice without pubstatus"; else pass; fi

# Refused, naming the field: article.json and ninjs.
article bad/x urn:t:x "Bad" 5 Withheld
expect 6 "$NEWSARC" pack bad/x -o bad.newsarc
one_error_line
contains err 'pubstatus: "Withheld" is not a publication status; expected "usable", "withheld" or "canceled"'
printf '{"uri": "urn:t:n", "pubstatus": "embargoed"}\n' >item.json
expect 6 "$NEWSARC" pack item.json -o bad.newsarc
one_error_line
contains err 'item.json: pubstatus: "embargoed" is not a publication status'
printf '{"uri": "urn:t:n", "pubstatus": "withheld"}\n' >item.json
expect 0 "$NEWSARC" pack item.json -o n.newsarc --quiet
expect 0 "$NEWSARC" list n.newsarc --json
contains out '"pubstatus":"withheld"'

finish
