# The series and the reference results of test_qicharts2.py (the Anhøj rules).
#
# qicharts2 0.8.1, vignettes/qicharts2.Rmd, section "The Anhøj rules", builds this series and
# prints summary(qic(y, chart = "i")). Run with R >= 3.6 (RNGkind: Mersenne-Twister,
# Inversion, Rejection) and qicharts2 0.8.1. See README.md for which numbers in the committed
# files came from R.
library(qicharts2)
library(jsonlite)

set.seed(19)
y <- rnorm(24)
y[22] <- 4
y[13:24] <- rnorm(12, mean = 2)
write.csv(
  data.frame(y = format(y, digits = 17)),
  "qicharts2_vignette_anhoej.csv",
  row.names = FALSE, quote = FALSE
)

s <- summary(qic(y, chart = "i"))
write_json(
  list(i_chart_summary = as.list(s[c(
    "n.obs", "n.useful", "longest.run", "longest.run.max", "n.crossings", "n.crossings.min",
    "runs.signal", "aLCL", "aLCL.95", "CL", "aUCL.95", "aUCL", "sigma.signal"
  )])),
  "qicharts2_vignette_anhoej.json",
  auto_unbox = TRUE, digits = NA, pretty = TRUE
)
