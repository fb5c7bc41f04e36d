// The page's only stylesheet, served from the page's own origin (the CSP allows nothing else).
export const STYLE = `
body{font:15px/1.45 system-ui,sans-serif;margin:0;color:#1d2330;background:#f6f7f9}
header{display:flex;gap:1em;align-items:center;padding:.6em 1em;background:#1d2330;color:#fff}
header a{color:#fff}.brand{font-weight:600;text-decoration:none}
header form{flex:1;display:flex;gap:.5em}header input{flex:1;padding:.4em;font:inherit}
main{max-width:70em;margin:1em auto;padding:0 1em}
table{border-collapse:collapse;background:#fff;margin:.5em 0}th,td{padding:.3em .7em;text-align:left;vertical-align:top;border-bottom:1px solid #e3e6ea}
pre{white-space:pre-wrap;word-break:break-word;margin:0;font-size:13px}
.severity{padding:.1em .5em;border-radius:.3em;font-size:.8em;color:#fff;background:#778}
.severity.critical{background:#a0102a}.severity.high{background:#d0471b}.severity.medium{background:#b78a00}.severity.low{background:#3a7d44}
.outcome{font-size:.6em;vertical-align:middle}.failed .outcome{color:#a0102a}.note{color:#667}
.number{text-align:right}.span-failed td:first-child{color:#a0102a}
.depth-0{padding-left:0.7em}.depth-1{padding-left:1.9em}.depth-2{padding-left:3.1em}.depth-3{padding-left:4.3em}.depth-4{padding-left:5.5em}.depth-5{padding-left:6.7em}.depth-6{padding-left:7.9em}.depth-7{padding-left:9.1em}.depth-8{padding-left:10.3em}
.message{color:#445}.filter{margin:1em 0;display:flex;gap:1em}
`;
