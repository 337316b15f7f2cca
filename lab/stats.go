package lab

import (
	"math"
	"slices"

	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"
)

// Stat describes a sample: its size, mean, standard deviation (with n−1)
// and the 95 % confidence interval of the mean, mean ± t·sd/√n with t the
// 0.975 quantile of Student's t with n−1 degrees of freedom. With one
// value SD and the interval are NaN; with none, everything is.
type Stat struct {
	N             int
	Mean, SD      float64
	CILow, CIHigh float64
}

// StatOf describes xs (NaN values are left out).
func StatOf(xs []float64) Stat {
	if slices.ContainsFunc(xs, math.IsNaN) {
		xs = slices.DeleteFunc(slices.Clone(xs), math.IsNaN)
	}
	nan := math.NaN()
	s := Stat{N: len(xs), Mean: nan, SD: nan, CILow: nan, CIHigh: nan}
	switch len(xs) {
	case 0:
		return s
	case 1:
		s.Mean = xs[0]
		return s
	}
	s.Mean, s.SD = stat.MeanStdDev(xs, nil)
	half := TQuantile975(len(xs)-1) * s.SD / math.Sqrt(float64(len(xs)))
	s.CILow, s.CIHigh = s.Mean-half, s.Mean+half
	return s
}

// TQuantile975 returns the 0.975 quantile of Student's t distribution with
// df degrees of freedom: the factor of a two-sided 95 % interval.
func TQuantile975(df int) float64 {
	return distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(df)}.Quantile(0.975)
}

// Quantiles describes a sample that may hold +Inf (a run that never
// reached a criterion): the quartiles are empirical, each the smallest
// value with at least that fraction of the sample at or below it, so an
// infinite value needs no arithmetic; the median is Median.
type Quantiles struct {
	N                int
	Finite           int // values that are not +Inf
	Q25, Median, Q75 float64
}

// QuantilesOf describes xs (NaN values are left out).
func QuantilesOf(xs []float64) Quantiles {
	s := slices.DeleteFunc(slices.Clone(xs), math.IsNaN)
	slices.Sort(s)
	q := Quantiles{N: len(s), Q25: math.NaN(), Median: math.NaN(), Q75: math.NaN()}
	for _, x := range s {
		if !math.IsInf(x, 1) {
			q.Finite++
		}
	}
	if len(s) == 0 {
		return q
	}
	q.Q25 = stat.Quantile(0.25, stat.Empirical, s, nil)
	q.Median = Median(s)
	q.Q75 = stat.Quantile(0.75, stat.Empirical, s, nil)
	return q
}

// Median is the one median of mazerat's figures (lifetimes, reproductions
// and sweeps): the middle value of xs, or the mean of the two middle
// values when there is an even number of them. NaN values are left out;
// +Inf (a run that never reached a criterion) counts as larger than any
// number, so a median over a sample that is half or more +Inf is +Inf.
func Median(xs []float64) float64 {
	s := slices.DeleteFunc(slices.Clone(xs), math.IsNaN)
	if len(s) == 0 {
		return math.NaN()
	}
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}
