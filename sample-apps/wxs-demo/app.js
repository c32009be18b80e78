App({ currency: 'CNY' });
