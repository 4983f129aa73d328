package org.certportal.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class MannWhitneyTest {

    @Test
    void findsAShiftAndNotNoise() {
        Random r = new Random(42);
        double[] a = new double[200];
        double[] b = new double[200];
        double[] c = new double[200];
        for (int i = 0; i < 200; i++) {
            a[i] = 10 + r.nextGaussian();
            b[i] = 10 + r.nextGaussian();
            c[i] = 10.5 + r.nextGaussian();
        }
        assertThat(MannWhitney.pValue(a, b)).isGreaterThan(0.05);
        assertThat(MannWhitney.pValue(a, c)).isLessThan(0.001);
        assertThat(MannWhitney.median(new double[] {3, 1, 2})).isEqualTo(2);
    }
}
